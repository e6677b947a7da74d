package dev.privatelink.events.cloudevent;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link ResourceEvent} as a CloudEvent 1.0 in the structured JSON format
 * ({@code application/cloudevents+json}). The data is written by the service's own JSON mapper, so it
 * reads exactly as the API's responses do; the CloudEvents SDK builds and writes the envelope with its
 * own (Jackson 2) mapper, which cannot be, and need not be, registered with the service's Jackson 3 one.
 * The change number travels as the {@code sequence} extension attribute (CloudEvents' sequence extension).
 */
@Component
public class CloudEventFormat {

    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
    private static final EventFormat FORMAT = new JsonFormat();

    private final JsonMapper json;

    CloudEventFormat(JsonMapper json) {
        this.json = json;
    }

    public CloudEvent cloudEvent(ResourceEvent event) {
        return CloudEventBuilder.v1()
                .withId(event.id().toString())
                .withSource(URI.create(event.source()))
                .withType(event.type())
                .withSubject(event.subject())
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withExtension("sequence", Long.toString(event.sequence()))
                .withData(json.writeValueAsBytes(event.data()))
                .build();
    }

    /** The structured JSON, exactly as it is signed and sent. */
    public String write(ResourceEvent event) {
        return new String(FORMAT.serialize(cloudEvent(event)), StandardCharsets.UTF_8);
    }
}
