package ai.maily.mesh.trust.log;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Sits in front of the {@link TrustLog} writer and hands queries to its {@link LogReader} as they
 * arrive, so they never wait in the stash of a writer that persists a batch; the writer gets them
 * only until the first tree is published, and answers them once it is.
 */
final class QueriesFirst extends BehaviorInterceptor<TrustLog.Command, TrustLog.Command> {

  private final LogReader reader;

  QueriesFirst(LogReader reader) {
    super(TrustLog.Command.class);
    this.reader = reader;
  }

  @Override
  public Behavior<TrustLog.Command> aroundReceive(
      TypedActorContext<TrustLog.Command> context,
      TrustLog.Command command,
      ReceiveTarget<TrustLog.Command> target) {
    if (command instanceof TrustLog.Query query && reader.isOpen()) {
      reader.answer(query);
      return Behaviors.same();
    }
    return target.apply(context, command);
  }
}
