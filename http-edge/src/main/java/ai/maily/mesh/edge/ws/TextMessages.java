package ai.maily.mesh.edge.ws;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;

/** Reads clients' text messages on the edge's WebSockets. */
public final class TextMessages {

  private TextMessages() {}

  /**
   * {@code message}'s text, or empty if it is longer than {@code maxChars} characters (or its
   * stream failed). A message that came in one frame is taken as it is, without running a stream.
   */
  public static CompletionStage<Optional<String>> whole(
      TextMessage message, long maxChars, Materializer materializer) {
    if (message.isStrict()) {
      String text = message.getStrictText();
      return CompletableFuture.completedFuture(
          text.length() > maxChars ? Optional.empty() : Optional.of(text));
    }
    return message
        .getStreamedText()
        .limitWeighted(maxChars, part -> (long) part.length())
        .runFold(new StringBuilder(), StringBuilder::append, materializer)
        .handle(
            (text, tooLong) -> tooLong != null ? Optional.empty() : Optional.of(text.toString()));
  }
}
