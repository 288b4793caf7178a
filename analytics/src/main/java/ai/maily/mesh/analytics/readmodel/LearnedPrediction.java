package ai.maily.mesh.analytics.readmodel;

/**
 * What the tenant's learned model (online logistic regression, {@link EngagementModelProjection})
 * expects of a send to a contact now, beside the Beta posterior of {@link ContactPrediction}.
 *
 * @param openProbability P(the send is opened within its attribution window)
 * @param clickProbability P(it is clicked within the window)
 * @param sendsLearned how many resolved sends of the tenant the model has learned from
 * @param offset the last store offset the learner had learned from when this was read
 */
public record LearnedPrediction(
    double openProbability, double clickProbability, long sendsLearned, long offset) {}
