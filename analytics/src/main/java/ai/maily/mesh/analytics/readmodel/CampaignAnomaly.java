package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.anomaly.Anomaly;

/**
 * An anomaly of a campaign's hourly series.
 *
 * @param subject what it is about, {@code campaign:<id>}
 * @param campaignId the campaign
 * @param anomaly the bucket and rate that left their usual range
 */
public record CampaignAnomaly(String subject, String campaignId, Anomaly anomaly) {}
