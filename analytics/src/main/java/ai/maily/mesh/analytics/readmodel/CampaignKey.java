package ai.maily.mesh.analytics.readmodel;

/** A campaign of a tenant. */
public record CampaignKey(String tenant, String campaignId) {}
