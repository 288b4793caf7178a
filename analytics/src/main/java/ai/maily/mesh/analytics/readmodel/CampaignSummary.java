package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import java.time.Instant;

/**
 * One campaign of a tenant in a list of its campaigns.
 *
 * @param campaignId the campaign
 * @param counts over every channel
 * @param lastEventAt when its latest counted event occurred
 */
public record CampaignSummary(String campaignId, EngagementCounts counts, Instant lastEventAt) {}
