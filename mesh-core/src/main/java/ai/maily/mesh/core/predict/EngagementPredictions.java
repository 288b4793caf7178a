package ai.maily.mesh.core.predict;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The port through which agents read predictions of how an audience will respond to an email; the
 * analytics module implements it from engagement history and registers it with {@link
 * NodePredictions}. Agents fall back to documented priors when no implementation is registered or
 * an answer is empty.
 *
 * <p>Implementations are thread-safe and answer without blocking the caller's thread; an answer is
 * empty when the history holds too little to say more than a prior would.
 */
public interface EngagementPredictions {

  /** The expected open and click rates of {@code content} sent to {@code audience}. */
  CompletionStage<Optional<EngagementForecast>> forecast(Audience audience, EmailContent content);

  /** The hour of the week at which {@code audience} opens most, in the audience's local time. */
  CompletionStage<Optional<SendTimeForecast>> bestSendTime(Audience audience);
}
