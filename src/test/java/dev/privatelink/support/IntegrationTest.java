package dev.privatelink.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The shared integration-test setup: the whole service on a random port, an ephemeral embedded
 * PostgreSQL, the sandbox cloud. Every class using exactly this annotation (and nothing that changes
 * the context) shares one Spring context; a new context costs ~13 s, so put test settings in
 * {@code application-test.yml} rather than on a class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestApi.Configuration.class)
public @interface IntegrationTest {
}
