package dev.privatelink.cloud;

import java.util.List;

/**
 * AWS RAM on the receiving side: a customer shares a resource configuration with the platform's
 * account for a reverse endpoint; the platform looks the invitation up by the share's ARN, accepts it
 * and reads which resources the share holds.
 */
public interface ResourceShareInvitations {

    CloudProvider provider();

    /** Every resource share invitation received by the platform's account. */
    List<ResourceShareInvitation> listResourceShareInvitations(String region);

    /**
     * The invitations to one resource share (RAM filters by {@code resourceShareArns}).
     *
     * @throws CloudException {@code UnknownResourceException} (not found) when no such share was sent to the platform
     */
    List<ResourceShareInvitation> invitationsForShare(String region, String resourceShareArn);

    /** Accepts an invitation; accepting an accepted one is not an error. */
    void acceptResourceShareInvitation(String region, String invitationArn);

    /** The ARNs of the resources another account shares with the platform through this share (once accepted). */
    List<String> sharedResourceArns(String region, String resourceShareArn);

    /**
     * @param status PENDING, ACCEPTED, REJECTED or EXPIRED
     */
    record ResourceShareInvitation(String invitationArn, String resourceShareArn, String senderAccountId, String status) {

        public boolean isPending() {
            return "PENDING".equalsIgnoreCase(status);
        }

        public boolean isAccepted() {
            return "ACCEPTED".equalsIgnoreCase(status);
        }
    }
}
