package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.predict.BestHour;
import ai.maily.mesh.analytics.stats.Estimate;

/**
 * How likely a contact is to open the next campaign, and when.
 *
 * @param contactId the contact
 * @param sends the contact's sends the prediction rests on
 * @param opened how many of them the contact opened
 * @param openProbability the probability of an open: the contact's record with the tenant's open
 *     rate as the prior, with its 95% credible interval
 * @param bestHour the hour of the week (UTC) at which the contact most likely opens
 */
public record ContactPrediction(
    String contactId, long sends, long opened, Estimate openProbability, BestHour bestHour) {}
