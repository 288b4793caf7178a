package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.predict.BestHour;
import ai.maily.mesh.analytics.stats.Estimate;

/**
 * How likely a contact is to open the next campaign, and when.
 *
 * @param contactId the contact
 * @param sends the contact's sends the prediction rests on
 * @param opened how many of them the contact opened
 * @param openProbability the probability of an open as a Beta posterior: the contact's record with
 *     the tenant's open rate as the prior, with its 95% credible interval
 * @param bestHour the hour of the week (UTC) at which the contact most likely opens
 * @param logisticRegression the open and click probabilities of the tenant's online logistic
 *     regression for a send now, or null before the learner has seen the contact
 */
public record ContactPrediction(
    String contactId,
    long sends,
    long opened,
    Estimate openProbability,
    BestHour bestHour,
    LearnedPrediction logisticRegression) {}
