package dev.privatelink;

import dev.privatelink.bootstrap.BootstrapCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The PrivateLink control plane: REST API, durable workflows and cloud adapters in one service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ControlPlaneApplication {

    public static void main(String[] args) {
        if (BootstrapCommand.isInvokedBy(args)) {
            System.exit(BootstrapCommand.run(ControlPlaneApplication.class, args, System.out, System.err));
        }
        SpringApplication.run(ControlPlaneApplication.class, args);
    }
}
