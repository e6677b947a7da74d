package dev.privatelink.cloud.azure;

import java.util.List;

import com.azure.resourcemanager.network.models.ProvisioningState;
import dev.privatelink.cloud.ConnectionState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How Azure's names and states are read: connection names, record set names, TXT strings. */
class AzureNamesUnitTests {

    @Test
    void theEndpointGuidIsTheSuffixOfTheConnectionName() {
        assertThat(AzurePrivateLinkServices.endpointGuid("pe-db.0F3C2A9E-6B1D-4E8F-A2C5-9D7E3B1F4A60"))
                .isEqualTo("0f3c2a9e-6b1d-4e8f-a2c5-9d7e3b1f4a60");
        assertThat(AzurePrivateLinkServices.endpointGuid("pe.with.dots.4b8e1d2c-9a3f-4c7e-b6d5-1e2f3a4b5c6d"))
                .isEqualTo("4b8e1d2c-9a3f-4c7e-b6d5-1e2f3a4b5c6d");
    }

    @Test
    void aConnectionNameWithoutAGuidSuffixHasNoEndpointGuid() {
        assertThat(AzurePrivateLinkServices.endpointGuid("testPlePeConnection")).isNull();
        assertThat(AzurePrivateLinkServices.endpointGuid("pe-db.not-a-guid")).isNull();
        assertThat(AzurePrivateLinkServices.endpointGuid("0f3c2a9e-6b1d-4e8f-a2c5-9d7e3b1f4a60")).isNull();
        assertThat(AzurePrivateLinkServices.endpointGuid(null)).isNull();
    }

    @Test
    void provisioningRefinesAnApprovedConnectionOnly() {
        assertThat(ConnectionState.ofAzure("Approved", ProvisioningState.SUCCEEDED.toString())).isEqualTo(ConnectionState.AVAILABLE);
        assertThat(ConnectionState.ofAzure("Approved", ProvisioningState.UPDATING.toString())).isEqualTo(ConnectionState.PENDING);
        assertThat(ConnectionState.ofAzure("Approved", ProvisioningState.FAILED.toString())).isEqualTo(ConnectionState.FAILED);
        assertThat(ConnectionState.ofAzure("Approved", ProvisioningState.DELETING.toString())).isEqualTo(ConnectionState.DELETING);
        assertThat(ConnectionState.ofAzure("Pending", ProvisioningState.UPDATING.toString())).isEqualTo(ConnectionState.PENDING_ACCEPTANCE);
        assertThat(ConnectionState.ofAzure("Rejected", null)).isEqualTo(ConnectionState.REJECTED);
        assertThat(ConnectionState.ofAzure("Disconnected", null)).isEqualTo(ConnectionState.DISCONNECTED);
        // words Azure does not document are still in progress: nothing is approved, failed or Ready on them
        assertThat(ConnectionState.ofAzure("SomethingNew", null)).isEqualTo(ConnectionState.PENDING);
        assertThat(ConnectionState.ofAzure("Approved", "Migrating")).isEqualTo(ConnectionState.PENDING);
    }

    @Test
    void recordNamesAreMadeRelativeToTheZone() {
        String zone = "privatelink.azure.example.com";
        assertThat(AzurePrivateDnsRecords.relativeName("abc.westus3.privatelink.azure.example.com.", zone)).isEqualTo("abc.westus3");
        assertThat(AzurePrivateDnsRecords.relativeName("ABC.PrivateLink.Azure.Example.com", zone)).isEqualTo("abc");
        assertThat(AzurePrivateDnsRecords.relativeName("abc", zone)).isEqualTo("abc");
        assertThat(AzurePrivateDnsRecords.relativeName(zone + ".", zone)).isEqualTo("@");
        assertThat(AzurePrivateDnsRecords.relativeName("@", zone)).isEqualTo("@");
    }

    @Test
    void txtValuesBecomeDnsStringsOfAtMost255() {
        assertThat(AzurePrivateDnsRecords.txtStrings("\"quoted\"")).containsExactly("quoted");
        assertThat(AzurePrivateDnsRecords.txtStrings("plain")).containsExactly("plain");
        assertThat(AzurePrivateDnsRecords.txtStrings("")).containsExactly("");
        List<String> split = AzurePrivateDnsRecords.txtStrings("x".repeat(600));
        assertThat(split).extracting(String::length).containsExactly(255, 255, 90);
    }
}
