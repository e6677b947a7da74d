package dev.privatelink.cloud;

import java.util.List;

/** AWS RAM invitations to the platform's account: a customer shares a resource configuration for a reverse endpoint. */
public interface ResourceShareInvitations {

    CloudProvider provider();

    /** Resource share invitations waiting for the platform's account. */
    List<ResourceShareInvitation> listResourceShareInvitations(String region);

    /** Accepts an invitation; accepting an accepted one is not an error. */
    void acceptResourceShareInvitation(String region, String invitationArn);

    record ResourceShareInvitation(String invitationArn, String resourceShareArn, String senderAccountId, String status) {
    }
}
