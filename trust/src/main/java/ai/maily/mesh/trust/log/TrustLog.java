package ai.maily.mesh.trust.log;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.cert.MalformedCertificateException;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.MalformedCheckpointException;
import ai.maily.mesh.trust.checkpoint.NoteSigner;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.proof.InclusionProof;
import ai.maily.mesh.trust.proof.ProofException;
import ai.maily.mesh.trust.proof.Proofs;
import ai.maily.mesh.trust.tree.BatchAppend;
import ai.maily.mesh.trust.tree.MerkleTree;
import ai.maily.mesh.trust.tree.StoredNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transparency log's one writer: batches appends, stores each batch's leaves and node hashes,
 * persists the batch as one event with the checkpoint it signs, and only then answers the appenders
 * with their leaf index, the checkpoint and an inclusion proof. Its {@link Query queries} (proofs,
 * leaves, certificate lookups) are answered by a {@link LogReader} from the newest persisted tree
 * as they arrive, so they never wait behind a batch being persisted.
 *
 * <p>There is exactly one log, so there is one entity: a sharded entity with the fixed id {@value
 * #ENTITY_ID} (sharding guarantees one instance in the cluster and moves it when its node leaves)
 * that is never passivated. Consistency: batches are strictly sequential, each one's tree is the
 * previous committed tree plus its leaves, and a checkpoint is signed only after the batch's rows
 * are stored and is released only after its event is persisted; so every released checkpoint
 * extends the one before it.
 *
 * <p>Restart: the state holds only the size, the newest checkpoint and the revoked ids; the node
 * hashes live in the {@link LogStore}. Recovery reads the snapshot and the few events after it,
 * then {@link NodeCache#open opens} the tree by reading at most one partial chunk per level, and
 * checks that the tree's root is the newest checkpoint's before it signs anything.
 */
public final class TrustLog
    extends EventSourcedBehaviorWithEnforcedReplies<
        TrustLog.Command, TrustLog.Event, TrustLog.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "TrustLog");

  /** The id of the one log entity. */
  public static final String ENTITY_ID = "log";

  // ---- commands ----

  /** Messages the log accepts: appends, and queries. */
  public sealed interface Command {}

  /**
   * A read of the newest persisted tree, answered as it arrives: never held back while a batch is
   * being stored or persisted.
   */
  public sealed interface Query extends Command {}

  /** Append one encoded {@link LogEntry}; answered after its batch is persisted. */
  public record Append(byte[] entry, ActorRef<Reply<Appended>> replyTo)
      implements Command, CborSerializable {}

  /** Reply with the size and newest signed checkpoint. */
  public record GetHead(ActorRef<Head> replyTo) implements Query, CborSerializable {}

  /** Prove leaf {@code leafIndex} is in the tree of {@code treeSize} leaves. */
  public record ProveInclusion(long leafIndex, long treeSize, ActorRef<Reply<Inclusion>> replyTo)
      implements Query, CborSerializable {}

  /** Prove the tree of {@code size1} leaves is a prefix of the tree of {@code size2}. */
  public record ProveConsistency(long size1, long size2, ActorRef<Reply<Consistency>> replyTo)
      implements Query, CborSerializable {}

  /** Reply with leaves {@code start .. end - 1}: hashes and entries. */
  public record GetLeaves(long start, long end, ActorRef<Reply<Leaves>> replyTo)
      implements Query, CborSerializable {}

  /**
   * Reply with the issuance (and revocation, if any) of a certificate, proven at the newest size.
   */
  public record FindCertificate(String certificateId, ActorRef<Reply<Found>> replyTo)
      implements Query, CborSerializable {}

  /** The batch window of the oldest buffered append has passed. */
  private enum FlushDue implements Command {
    INSTANCE
  }

  /** The tree is open for appending; sent by the entity to itself after recovery. */
  private record TreeOpened(MerkleTree tree) implements Command {}

  /** The tree could not be opened: the store disagrees with the journal. */
  private record TreeNotOpened(Throwable cause) implements Command {}

  /** The in-flight batch's rows are stored. */
  private enum BatchStored implements Command {
    INSTANCE
  }

  /** The in-flight batch's rows could not be stored. */
  private record BatchNotStored(Throwable cause) implements Command {}

  // ---- replies ----

  /**
   * The log's answer to a command that it may refuse: the value asked for, or {@link Refused} with
   * the {@link Rejection} that says why not.
   *
   * @param <T> the value
   */
  public sealed interface Reply<T> extends CborSerializable
      permits Appended, Inclusion, Consistency, Leaves, Found, Refused {

    /**
     * The value.
     *
     * @throws ai.maily.mesh.core.problem.ProblemException the rejection, if this is a refusal
     */
    T orThrow();
  }

  /** A refused command: nothing was written, and the rejection says why. */
  public record Refused<T>(Rejection rejection) implements Reply<T> {

    static <T> Refused<T> of(ProblemType type, String detail) {
      return new Refused<>(new Rejection(type, detail));
    }

    @Override
    public T orThrow() {
      throw rejection.toException();
    }
  }

  /** Where an entry went: its leaf index, the checkpoint of its batch and its inclusion proof. */
  public record Appended(long leafIndex, long treeSize, String checkpoint, List<byte[]> proof)
      implements Reply<Appended> {

    @Override
    public Appended orThrow() {
      return this;
    }
  }

  /** The log's size and newest signed checkpoint (of size 0 for an empty log). */
  public record Head(long size, String checkpoint) implements CborSerializable {}

  /** An inclusion proof, hashes from the leaf upwards. */
  public record Inclusion(long leafIndex, long treeSize, List<byte[]> hashes)
      implements Reply<Inclusion> {

    @Override
    public Inclusion orThrow() {
      return this;
    }
  }

  /** A consistency proof, hashes in RFC 9162 order. */
  public record Consistency(long size1, long size2, List<byte[]> hashes)
      implements Reply<Consistency> {

    @Override
    public Consistency orThrow() {
      return this;
    }
  }

  /** Leaves {@code start .. end - 1}: their leaf hashes and their entries. */
  public record Leaves(long start, long end, List<byte[]> hashes, List<byte[]> entries)
      implements Reply<Leaves> {

    @Override
    public Leaves orThrow() {
      return this;
    }
  }

  /**
   * A certificate's entries.
   *
   * @param leafIndex the index of its issuance
   * @param issuance the issuance entry
   * @param revocation the revocation entry; null when not revoked
   * @param checkpoint the newest signed checkpoint
   * @param treeSize its size
   * @param proof the issuance's inclusion proof in that tree
   */
  public record Found(
      long leafIndex,
      byte[] issuance,
      byte[] revocation,
      String checkpoint,
      long treeSize,
      List<byte[]> proof)
      implements Reply<Found> {

    @Override
    public Found orThrow() {
      return this;
    }
  }

  // ---- events ----

  /** What the log persists. */
  public sealed interface Event extends CborSerializable {}

  /**
   * One batch: its entries from {@code firstIndex} on, every node hash it completed, and the
   * checkpoint signed over the new tree. The journal alone is thus a complete record of the log,
   * from which the tables can be rebuilt without hashing.
   */
  public record BatchAppended(
      long firstIndex, List<byte[]> entries, List<NodeHash> nodes, String checkpoint)
      implements Event {}

  /** A stored node hash. */
  public record NodeHash(int level, long index, byte[] hash) implements CborSerializable {}

  // ---- state ----

  /**
   * The log's durable state: small on purpose, so snapshots are cheap.
   *
   * @param size number of leaves
   * @param checkpoint the newest signed checkpoint; empty while the log is empty
   * @param revoked ids of revoked certificates
   */
  public record State(long size, String checkpoint, Set<String> revoked)
      implements CborSerializable {

    /** Copies the revoked ids. */
    public State {
      revoked = Set.copyOf(revoked);
    }

    static State empty() {
      return new State(0, "", Set.of());
    }

    State apply(Event event) {
      BatchAppended batch = (BatchAppended) event;
      if (batch.firstIndex() != size) {
        throw new IllegalStateException(
            "batch starts at " + batch.firstIndex() + " but the log holds " + size);
      }
      Set<String> newlyRevoked = new HashSet<>(revoked);
      for (byte[] entry : batch.entries()) {
        if (isRevocation(entry)) {
          newlyRevoked.add(decode(entry).certificateId());
        }
      }
      return new State(
          size + batch.entries().size(),
          batch.checkpoint(),
          newlyRevoked.size() == revoked.size() ? revoked : newlyRevoked);
    }
  }

  // ---- wiring ----

  /** Registers the entity type with sharding on this node; call on every node. */
  public static void init(
      ActorSystem<?> system,
      LogSettings settings,
      NoteSigner signer,
      LogStore store,
      Executor executor) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, signer, store, executor))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  /**
   * The behavior of the log entity; in a node its id is always {@value #ENTITY_ID}, tests give each
   * log its own. Queries are taken off the mailbox before the event-sourced writer sees them, which
   * would stash them while it persists a batch.
   */
  public static Behavior<Command> create(
      String entityId, LogSettings settings, NoteSigner signer, LogStore store, Executor executor) {
    if (!signer.name().equals(settings.origin())) {
      throw new IllegalArgumentException(
          "the signing key is named " + signer.name() + " but the origin is " + settings.origin());
    }
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  TrustLog writer =
                      new TrustLog(entityId, context, timers, settings, signer, store, executor);
                  return Behaviors.intercept(() -> new QueriesFirst(writer.reader), writer);
                }));
  }

  // ---- the entity ----

  private record Pending(
      byte[] bytes, LogEntry entry, Hash leafHash, ActorRef<Reply<Appended>> replyTo) {}

  /** The batch being stored and persisted. */
  private record Batch(long firstIndex, List<Pending> pendings, BatchAppend preview) {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final LogSettings settings;
  private final NoteSigner signer;
  private final LogStore store;
  private final Executor executor;
  private final NodeCache cache;
  private final LogReader reader;
  // Not the context's logger: answering appenders logs from the dispatcher's threads.
  private final Logger log = LoggerFactory.getLogger(TrustLog.class);

  // Transient: the open tree, appends waiting for a batch, and the batch in flight.
  private MerkleTree tree;
  private final List<Pending> buffer = new ArrayList<>();
  private final Set<String> pendingRevocations = new HashSet<>();
  private Batch inFlight;
  private Batch unsettled;

  private TrustLog(
      String entityId,
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      LogSettings settings,
      NoteSigner signer,
      LogStore store,
      Executor executor) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.signer = signer;
    this.store = store;
    this.executor = executor;
    this.cache = new NodeCache(store, settings.nodeCacheChunks());
    this.reader = new LogReader(store, cache, settings.maxLeavesPage(), executor);
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::openTree).build();
  }

  /**
   * Recovery is done, at first start or after a journal failure restarted the behavior (which keeps
   * this object): forget the old tree, settle the batch that was in flight, and open the tree
   * again.
   */
  private void openTree(State state) {
    tree = null;
    unsettled = inFlight;
    inFlight = null;
    context.pipeToSelf(
        CompletableFuture.supplyAsync(() -> openedTree(state), executor),
        (opened, error) -> error == null ? new TreeOpened(opened) : new TreeNotOpened(error));
  }

  /** Opens the tree over the store and checks it is the tree the newest checkpoint signed. */
  private MerkleTree openedTree(State state) {
    cache.open(state.size());
    MerkleTree opened = new MerkleTree(cache, state.size());
    if (state.size() > 0) {
      Hash signed;
      try {
        signed = Checkpoint.parse(checkpointText(state.checkpoint())).root();
      } catch (MalformedCheckpointException e) {
        throw new IllegalStateException("the stored checkpoint is malformed: " + e.getMessage(), e);
      }
      if (!opened.root().equals(signed)) {
        throw new IllegalStateException(
            "the stored tree of size "
                + state.size()
                + " has root "
                + opened.root().base64()
                + " but the newest checkpoint signed "
                + signed.base64()
                + ": refusing to sign anything until the store is repaired");
      }
    }
    return opened;
  }

  private static String checkpointText(String signedNote) {
    return signedNote.substring(0, signedNote.lastIndexOf("\n\n") + 1);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(TreeOpened.class, this::onTreeOpened)
        .onCommand(TreeNotOpened.class, this::onTreeNotOpened)
        .onCommand(Append.class, this::onAppend)
        .onCommand(FlushDue.class, this::onFlushDue)
        .onCommand(BatchStored.class, this::onBatchStored)
        .onCommand(BatchNotStored.class, this::onBatchNotStored)
        .onCommand(Query.class, this::onQuery)
        .build();
  }

  private ReplyEffect<Event, State> onTreeOpened(State state, TreeOpened opened) {
    tree = opened.tree();
    reader.publish(state.size(), signedCheckpoint(state));
    if (unsettled != null) {
      settle(unsettled, state);
      unsettled = null;
    }
    continueWith(state);
    return Effect().none().thenNoReply().thenUnstashAll();
  }

  /**
   * Answers the appenders of a batch whose persist reported a failure: the journal may still have
   * written it, which recovery tells.
   */
  private void settle(Batch batch, State state) {
    batch.pendings().forEach(p -> pendingRevocations.remove(p.entry().certificateId()));
    if (state.size() >= batch.preview().size()) {
      answer(batch, state.checkpoint());
      return;
    }
    for (Pending pending : batch.pendings()) {
      pending
          .replyTo()
          .tell(
              Refused.of(
                  ProblemType.UNAVAILABLE,
                  "the trust log restarted before the entry was persisted; it was not appended"));
    }
  }

  private ReplyEffect<Event, State> onTreeNotOpened(State state, TreeNotOpened failure) {
    // Stop: sharding starts the entity again on the next message, which retries the open. Signing
    // over a tree that does not match the newest checkpoint could fork the log.
    throw new IllegalStateException(
        "the trust log could not open its tree: " + failure.cause().getMessage(), failure.cause());
  }

  private ReplyEffect<Event, State> onAppend(State state, Append append) {
    if (tree == null) {
      return Effect().stash();
    }
    LogEntry entry;
    try {
      entry = LogEntry.decode(append.entry());
    } catch (MalformedCertificateException e) {
      return Effect()
          .reply(
              append.replyTo(),
              Refused.of(ProblemType.INVALID_REQUEST, "malformed log entry: " + e.getMessage()));
    }
    if (entry instanceof LogEntry.Revocation) {
      String id = entry.certificateId();
      if (state.revoked().contains(id) || !pendingRevocations.add(id)) {
        return Effect()
            .reply(
                append.replyTo(),
                Refused.of(ProblemType.CONFLICT, "certificate " + id + " is already revoked"));
      }
    }
    buffer.add(new Pending(append.entry(), entry, entry.leafHash(), append.replyTo()));
    if (inFlight == null && buffer.size() >= settings.batchSize()) {
      startBatch(state);
    } else if (buffer.size() == 1 && inFlight == null) {
      timers.startSingleTimer(FlushDue.INSTANCE, FlushDue.INSTANCE, settings.batchWindow());
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onFlushDue(State state, FlushDue due) {
    if (tree != null && inFlight == null && !buffer.isEmpty()) {
      startBatch(state);
    }
    return Effect().noReply();
  }

  /** Takes a batch off the buffer and stores its rows on the dispatcher. */
  private void startBatch(State state) {
    timers.cancel(FlushDue.INSTANCE);
    int count = Math.min(settings.batchSize(), buffer.size());
    List<Pending> pendings = new ArrayList<>(buffer.subList(0, count));
    buffer.subList(0, count).clear();
    BatchAppend preview = tree.previewAppend(pendings.stream().map(Pending::leafHash).toList());
    inFlight = new Batch(state.size(), pendings, preview);
    List<LogStore.StoredEntry> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Pending pending = pendings.get(i);
      rows.add(
          new LogStore.StoredEntry(
              state.size() + i, pending.entry().certificateId(), pending.bytes()));
    }
    long committed = state.size();
    context.pipeToSelf(
        CompletableFuture.runAsync(() -> store.write(committed, rows, preview.nodes()), executor),
        (ok, error) -> error == null ? BatchStored.INSTANCE : new BatchNotStored(error));
  }

  private ReplyEffect<Event, State> onBatchStored(State state, BatchStored stored) {
    Batch batch = inFlight;
    // Signed only now that the rows are stored, and released only once the event is persisted.
    String checkpoint =
        new Checkpoint(settings.origin(), batch.preview().size(), batch.preview().root())
            .sign(signer)
            .serialize();
    List<NodeHash> nodes = new ArrayList<>(batch.preview().nodes().size());
    for (StoredNode node : batch.preview().nodes()) {
      nodes.add(new NodeHash(node.level(), node.index(), node.hash().bytes()));
    }
    BatchAppended event =
        new BatchAppended(
            batch.firstIndex(),
            batch.pendings().stream().map(Pending::bytes).toList(),
            nodes,
            checkpoint);
    return Effect()
        .persist(event)
        .thenRun(
            newState -> {
              tree.append(batch.pendings().stream().map(Pending::leafHash).toList());
              reader.publish(tree.size(), checkpoint);
              inFlight = null;
              batch.pendings().forEach(p -> pendingRevocations.remove(p.entry().certificateId()));
              answer(batch, checkpoint);
              continueWith(newState);
            })
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onBatchNotStored(State state, BatchNotStored failure) {
    Batch batch = inFlight;
    inFlight = null;
    log.warn("trust log batch of {} entries not stored", batch.pendings().size(), failure.cause());
    for (Pending pending : batch.pendings()) {
      if (pending.entry() instanceof LogEntry.Revocation) {
        pendingRevocations.remove(pending.entry().certificateId());
      }
      pending
          .replyTo()
          .tell(Refused.of(ProblemType.UNAVAILABLE, "the trust log could not store the entry"));
    }
    continueWith(state);
    return Effect().noReply();
  }

  /** Appends that arrived while a batch was in flight have waited long enough: go on at once. */
  private void continueWith(State state) {
    if (!buffer.isEmpty()) {
      startBatch(state);
    }
  }

  /** Answers a persisted batch's appenders, computing their proofs off the actor thread. */
  private void answer(Batch batch, String checkpoint) {
    long size = batch.preview().size();
    CompletableFuture.runAsync(
        () -> {
          MerkleTree view = new MerkleTree(cache, size);
          for (int i = 0; i < batch.pendings().size(); i++) {
            long index = batch.firstIndex() + i;
            Reply<Appended> reply;
            try {
              InclusionProof proof = Proofs.inclusion(view, index, size);
              reply = new Appended(index, size, checkpoint, LogReader.bytes(proof.hashes()));
            } catch (ProofException | RuntimeException e) {
              reply = Refused.of(ProblemType.INTERNAL, "no inclusion proof: " + e.getMessage());
            }
            batch.pendings().get(i).replyTo().tell(reply);
          }
        },
        executor);
  }

  /**
   * The checkpoint of the state's tree; for the empty tree, one signed now. It is consistent with
   * every later tree, so signing it at each start is harmless (and Ed25519 signatures are
   * deterministic anyway).
   */
  private String signedCheckpoint(State state) {
    return state.size() == 0
        ? new Checkpoint(settings.origin(), 0, Hashes.emptyRoot()).sign(signer).serialize()
        : state.checkpoint();
  }

  /** A query that arrived before the first tree was published, or was stashed until then. */
  private ReplyEffect<Event, State> onQuery(State state, Query query) {
    if (!reader.isOpen()) {
      return Effect().stash();
    }
    reader.answer(query);
    return Effect().noReply();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }

  static boolean isRevocation(byte[] entry) {
    return entry.length > 1 && entry[1] == 2;
  }

  private static LogEntry decode(byte[] entry) {
    try {
      return LogEntry.decode(entry);
    } catch (MalformedCertificateException e) {
      throw new IllegalStateException("a persisted entry is malformed: " + e.getMessage(), e);
    }
  }
}
