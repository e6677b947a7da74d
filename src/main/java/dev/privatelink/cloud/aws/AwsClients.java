package dev.privatelink.cloud.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.ram.RamClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The SDK clients, one per service, account and region, created on first use and kept: clients are
 * thread-safe and expensive to build. All share one Apache HTTP connection pool. The SDK's own
 * retries are off: {@link dev.privatelink.cloud.resilience.CloudCallGuard} retries, so that each
 * attempt draws from the rate budget and attempts do not multiply.
 */
public class AwsClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AwsClients.class);
    private static final String SESSION_NAME = "privatelink-control-plane";

    private final AwsCloudProperties settings;
    private final SdkHttpClient http;
    private final Map<String, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
    private final Map<Key, SdkClient> clients = new ConcurrentHashMap<>();

    private record Key(String service, String account, String region) {
    }

    public AwsClients(AwsCloudProperties settings) {
        this.settings = settings;
        this.http = ApacheHttpClient.builder()
                .connectionTimeout(settings.apiCallAttemptTimeout())
                .socketTimeout(settings.apiCallAttemptTimeout())
                .maxConnections(100)
                .build();
    }

    public Ec2Client ec2(String account, String region) {
        return client("ec2", account, region, Ec2Client.class, () -> configure(Ec2Client.builder(), account, region));
    }

    /** Route 53 is global: one client per account. */
    public Route53Client route53(String account) {
        return client("route53", account, Region.AWS_GLOBAL.id(), Route53Client.class,
                () -> configure(Route53Client.builder(), account, Region.AWS_GLOBAL.id()));
    }

    public RamClient ram(String account, String region) {
        return client("ram", account, region, RamClient.class, () -> configure(RamClient.builder(), account, region));
    }

    public KafkaClient kafka(String account, String region) {
        return client("kafka", account, region, KafkaClient.class, () -> configure(KafkaClient.builder(), account, region));
    }

    private <C extends SdkClient> C client(String service, String account, String region, Class<C> type,
                                           java.util.function.Supplier<C> factory) {
        Key key = new Key(service, settings.accountOrDefault(account), region);
        return type.cast(clients.computeIfAbsent(key, k -> {
            log.info("Creating AWS {} client for account {} in {}", service, k.account(), region);
            return factory.get();
        }));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String account,
                                                                                            String region) {
        builder.httpClient(http)
                .region(Region.of(region))
                .credentialsProvider(credentials(settings.accountOrDefault(account), region))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(settings.apiCallTimeout())
                        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                        .retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder.build();
    }

    private AwsCredentialsProvider credentials(String account, String region) {
        if (settings.endpointOverride() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access-key", "test-secret-key"));
        }
        return credentials.computeIfAbsent(String.valueOf(account), a -> settings.roleArn(account)
                .<AwsCredentialsProvider>map(roleArn -> assumeRole(account, roleArn, region))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build()));
    }

    private AwsCredentialsProvider assumeRole(String account, String roleArn, String region) {
        StsClient sts = StsClient.builder()
                .httpClient(http)
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
        String externalId = settings.accounts().get(account).externalId();
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(SESSION_NAME).externalId(externalId))
                .build();
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        credentials.values().forEach(provider -> {
            if (provider instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.debug("Closing credentials provider failed", e);
                }
            }
        });
        http.close();
    }
}
