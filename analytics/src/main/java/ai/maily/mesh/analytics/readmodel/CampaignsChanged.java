package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.core.CborSerializable;
import java.util.Set;

/**
 * A committed projection round changed the aggregates of {@code campaignIds} of {@code tenant}; the
 * read model has applied the store up to {@code offset}. Published on the tenant's topic of {@link
 * CampaignChanges} (ADR 0034).
 */
public record CampaignsChanged(String tenant, Set<String> campaignIds, long offset)
    implements CborSerializable {

  public CampaignsChanged {
    campaignIds = Set.copyOf(campaignIds);
  }
}
