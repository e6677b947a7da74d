package dev.privatelink.web.internal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description behind Swagger UI: HTTP Basic with API key id and secret on every operation. */
@Configuration
class OpenApiConfiguration {

    static final String SCHEME = "apiKey";

    @Bean
    OpenAPI privateLinkApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("PrivateLink control plane")
                        .version("v1")
                        .description("""
                                AWS PrivateLink and Azure Private Link for the platform's services, in both directions.
                                Authenticate with an API key: key id as user name, key secret as password (HTTP Basic).
                                Responses are wrapped as {"status", "requestId", "result"}; errors are RFC 9457 problem details."""))
                .components(new Components().addSecuritySchemes(SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("API key id as user name, key secret as password")))
                .addSecurityItem(new SecurityRequirement().addList(SCHEME));
    }
}
