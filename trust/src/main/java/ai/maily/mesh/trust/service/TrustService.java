package ai.maily.mesh.trust.service;

import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.canon.ContentHash;
import ai.maily.mesh.trust.canon.MimeMessage;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.cert.MalformedCertificateException;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.checkpoint.NoteSigner;
import ai.maily.mesh.trust.checkpoint.NoteVerifier;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.log.JdbcLogStore;
import ai.maily.mesh.trust.log.LogKeys;
import ai.maily.mesh.trust.log.LogSettings;
import ai.maily.mesh.trust.log.TrustLog;
import ai.maily.mesh.trust.page.QrCode;
import ai.maily.mesh.trust.page.VerificationPage;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.InclusionProof;
import ai.maily.mesh.trust.verify.CertificateVerifier;
import ai.maily.mesh.trust.verify.LogEvidence;
import ai.maily.mesh.trust.verify.OfflineVerifier;
import ai.maily.mesh.trust.verify.VerificationReport;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The trust module's API for the edge (REST, gRPC, the page) and the {@code certifier} agent.
 *
 * <p>Every method completes exceptionally with a {@link ProblemException} only: {@link
 * ProblemType#INVALID_REQUEST} naming the bad field (sizes, indices, hashes, malformed email or
 * header), {@link ProblemType#NOT_FOUND}, {@link ProblemType#CONFLICT}, {@link
 * ProblemType#PAYLOAD_TOO_LARGE}, or {@link ProblemType#UNAVAILABLE} when the log does not answer.
 * Verification is the exception to the last: an unreachable log makes the checks that need it
 * "couldn't check", never a failure.
 */
public final class TrustService implements Certifier {

  /** Where a node keeps its service, so the agents working on that node find it. */
  private static final class Registration implements Extension {
    private volatile TrustService service;
  }

  private static final ExtensionId<Registration> REGISTRATION =
      new ExtensionId<>() {
        @Override
        public Registration createExtension(ActorSystem<?> system) {
          return new Registration();
        }
      };

  private final ActorSystem<?> system;
  private final RecipientRef<TrustLog.Command> log;
  private final CertificateVerifier verifier;
  private final Duration askTimeout;
  private final Clock clock;
  private final Executor executor;

  /**
   * A service over the log entity {@code log}; {@link #init} builds the node's, tests build their
   * own.
   */
  public TrustService(
      ActorSystem<?> system,
      RecipientRef<TrustLog.Command> log,
      NoteVerifier key,
      Duration askTimeout,
      Clock clock,
      Executor executor) {
    this.system = Objects.requireNonNull(system, "system");
    this.log = Objects.requireNonNull(log, "log");
    this.verifier = new CertificateVerifier(key);
    this.askTimeout = Objects.requireNonNull(askTimeout, "askTimeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * Wires the trust log on this node: reads {@code mesh.trust}, loads or generates the signing key,
   * opens the log's tables in {@code journal}, the node's journal database, unless {@code
   * mesh.trust.db.url} names another, registers the {@link TrustLog} entity with sharding and
   * closes the tables at shutdown. Call once per node, after the cluster is joined; the returned
   * service is also what the {@code certifier} agent on this node uses ({@link #on}).
   *
   * @throws IllegalStateException if the key or the database cannot be read
   */
  public static TrustService init(ActorSystem<?> system, Database journal) {
    Config config = system.settings().config();
    Config trust = config.getConfig("mesh.trust");
    LogSettings settings = LogSettings.fromConfig(trust);
    String keyFile = trust.getString("signing-key-file");
    NoteSigner signer =
        keyFile.isEmpty()
            ? LogKeys.loadOrCreate(
                dataDir(config).resolve("trust").resolve("log-signing.key"),
                settings.origin(),
                true)
            : LogKeys.loadOrCreate(Path.of(keyFile), settings.origin(), false);
    Database db = database(trust.getConfig("db"), journal);
    JdbcLogStore store =
        JdbcLogStore.open(db.url(), db.user(), db.password(), trust.getInt("db.pool-size"));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-trust-log-store",
            () -> {
              store.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    Executor executor =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("mesh.trust.dispatcher"));
    TrustLog.init(system, settings, signer, store, executor);
    TrustService service =
        new TrustService(
            system,
            ClusterSharding.get(system).entityRefFor(TrustLog.ENTITY_KEY, TrustLog.ENTITY_ID),
            signer.verifier(),
            trust.getDuration("ask-timeout"),
            Clock.systemUTC(),
            executor);
    system.registerExtension(REGISTRATION).service = service;
    return service;
  }

  /** The service {@link #init} built on {@code system}'s node, if it has run there. */
  public static Optional<TrustService> on(ActorSystem<?> system) {
    return Optional.ofNullable(system.registerExtension(REGISTRATION).service);
  }

  private static Path dataDir(Config config) {
    return Path.of(config.hasPath("mesh.data-dir") ? config.getString("mesh.data-dir") : "./data")
        .toAbsolutePath()
        .normalize();
  }

  /** {@code mesh.trust.db} ({@code db}), or the journal's database when its url is empty. */
  private static Database database(Config db, Database journal) {
    return db.getString("url").isEmpty() ? journal : Database.fromConfig(db);
  }

  // ---- certificates ----

  @Override
  public CompletionStage<Certificate> certify(String tenant, Subject subject, Content content) {
    return CompletableFuture.supplyAsync(
            () -> {
              Hash contentHash = ContentHash.of(content);
              try {
                return new LogEntry.Issuance(
                    UUID.randomUUID().toString(), subject, contentHash, tenant, clock.instant());
              } catch (IllegalArgumentException e) {
                throw ProblemException.of(ProblemType.INVALID_REQUEST, e.getMessage());
              }
            },
            executor)
        .thenCompose(
            issuance ->
                append(issuance)
                    .thenApply(
                        appended ->
                            Certificate.of(
                                issuance,
                                appended.leafIndex(),
                                appended.checkpoint(),
                                new InclusionProof(
                                    appended.leafIndex(),
                                    appended.treeSize(),
                                    hashes(appended.proof())))))
        .exceptionallyCompose(TrustService::failed);
  }

  /** The certificate with this id, proven against the log's newest checkpoint. */
  public CompletionStage<CertificateStatus> certificate(String certificateId) {
    return find(certificateId)
        .thenApply(TrustService::status)
        .exceptionallyCompose(TrustService::failed);
  }

  /**
   * Revokes a certificate by appending a revocation entry. Only the issuing tenant may; to anyone
   * else the certificate does not exist.
   */
  public CompletionStage<Revoked> revoke(String tenant, String certificateId, String reason) {
    return find(certificateId)
        .thenCompose(
            found -> {
              CertificateStatus status = status(found);
              if (!status.certificate().issuer().equals(tenant)) {
                throw notFound(certificateId);
              }
              if (status.revocation().isPresent()) {
                throw ProblemException.of(
                    ProblemType.CONFLICT,
                    "certificate "
                        + certificateId
                        + " was already revoked at "
                        + status.revocation().get().revokedAt());
              }
              LogEntry.Revocation revocation;
              try {
                revocation =
                    new LogEntry.Revocation(
                        certificateId, reason == null ? "" : reason, tenant, clock.instant());
              } catch (IllegalArgumentException e) {
                throw ProblemException.of(ProblemType.INVALID_REQUEST, e.getMessage());
              }
              return append(revocation)
                  .thenApply(
                      appended ->
                          new Revoked(revocation, appended.leafIndex(), appended.checkpoint()));
            })
        .exceptionallyCompose(TrustService::failed);
  }

  // ---- verification ----

  /**
   * Verifies a certificate and reports each check. The checks that need the log (consistency,
   * revocation) are "couldn't check" when it does not answer in time.
   */
  public CompletionStage<VerificationReport> verify(VerificationRequest request) {
    return CompletableFuture.supplyAsync(() -> readContent(request), executor)
        .thenCompose(
            read ->
                certificateOf(request, read)
                    .thenCompose(
                        certificate ->
                            evidence(certificate)
                                .thenApply(
                                    evidence ->
                                        verifier.verify(
                                            certificate, read.contentHash(), evidence))))
        .exceptionallyCompose(TrustService::failed);
  }

  /** The content's hash, and the email parsed once if it is a raw one. */
  private record ReadContent(Optional<Hash> contentHash, Optional<MimeMessage> email) {}

  private static ReadContent readContent(VerificationRequest request) {
    if (request.content().isEmpty()) {
      return new ReadContent(Optional.empty(), Optional.empty());
    }
    if (request.content().get() instanceof Content.RawEmail raw) {
      MimeMessage email = MimeMessage.parse(raw.message());
      return new ReadContent(Optional.of(ContentHash.of(email)), Optional.of(email));
    }
    return new ReadContent(Optional.of(ContentHash.of(request.content().get())), Optional.empty());
  }

  private CompletionStage<Certificate> certificateOf(
      VerificationRequest request, ReadContent read) {
    if (request.certificate().isPresent()) {
      return CompletableFuture.completedFuture(request.certificate().get());
    }
    if (read.email().isPresent() && request.certificateId().isEmpty()) {
      return CompletableFuture.completedFuture(OfflineVerifier.certificateIn(read.email().get()));
    }
    if (request.certificateId().isPresent()) {
      return certificate(request.certificateId().get()).thenApply(CertificateStatus::certificate);
    }
    throw ProblemException.of(
        ProblemType.INVALID_REQUEST,
        "certificate: give a certificate, a certificate id, or a raw email with a "
            + "Maily-Certificate header");
  }

  /** What the log says about a certificate, or why it could not be asked. */
  private CompletionStage<LogEvidence> evidence(Certificate certificate) {
    CompletionStage<TrustLog.Head> head = ask(TrustLog.GetHead::new);
    CompletionStage<Optional<TrustLog.Found>> found =
        lookUp(certificate.certificateId())
            .thenApply(
                reply ->
                    reply instanceof TrustLog.Refused<TrustLog.Found> refused
                            && refused.rejection().type() == ProblemType.NOT_FOUND
                        ? Optional.empty()
                        : Optional.of(reply.orThrow()));
    long size1 = certificate.inclusionProof().treeSize();
    return head.thenCompose(
            newest ->
                found.thenCompose(
                    listed ->
                        consistencyFrom(size1, newest.size())
                            .thenApply(
                                consistency ->
                                    (LogEvidence)
                                        new LogEvidence.Answered(
                                            newest.checkpoint(),
                                            consistency,
                                            listed.isPresent(),
                                            listed.flatMap(TrustService::revocationOf)))))
        .exceptionally(
            failure ->
                new LogEvidence.Unavailable(
                    "the log could not be reached: " + problem(failure).problem().detail()));
  }

  /**
   * The proof the log gives from {@code size1} to its newest size; a certificate whose size the log
   * cannot relate (0, or beyond the log) gets an empty proof, which the verifier rejects.
   */
  private CompletionStage<ConsistencyProof> consistencyFrom(long size1, long newest) {
    return size1 >= 1 && size1 <= newest
        ? consistencyProof(size1, newest)
        : CompletableFuture.completedFuture(new ConsistencyProof(size1, newest, List.of()));
  }

  // ---- the log ----

  /** The newest signed checkpoint, as a C2SP signed note (text/plain). */
  public CompletionStage<String> checkpoint() {
    return this.<TrustLog.Head>ask(TrustLog.GetHead::new)
        .thenApply(TrustLog.Head::checkpoint)
        .exceptionallyCompose(TrustService::failed);
  }

  /** The inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  public CompletionStage<InclusionProof> inclusionProof(long index, long size) {
    return this.<TrustLog.Inclusion>askForValue(
            replyTo -> new TrustLog.ProveInclusion(index, size, replyTo))
        .thenApply(p -> new InclusionProof(p.leafIndex(), p.treeSize(), hashes(p.hashes())))
        .exceptionallyCompose(TrustService::failed);
  }

  /** The consistency proof from the tree of {@code from} leaves to the tree of {@code to}. */
  public CompletionStage<ConsistencyProof> consistencyProof(long from, long to) {
    return this.<TrustLog.Consistency>askForValue(
            replyTo -> new TrustLog.ProveConsistency(from, to, replyTo))
        .thenApply(p -> new ConsistencyProof(p.size1(), p.size2(), hashes(p.hashes())))
        .exceptionallyCompose(TrustService::failed);
  }

  /** Leaves {@code start .. end - 1}; at most {@code mesh.trust.max-leaves-page} of them. */
  public CompletionStage<LeafPage> leaves(long start, long end) {
    return this.<TrustLog.Leaves>askForValue(replyTo -> new TrustLog.GetLeaves(start, end, replyTo))
        .thenApply(l -> new LeafPage(l.start(), l.end(), hashes(l.hashes()), l.entries()))
        .exceptionallyCompose(TrustService::failed);
  }

  /** The verifier key, {@code name+hex8+base64}: all anyone needs to verify the log offline. */
  public String publicKey() {
    return verifier.key().verifierKey();
  }

  // ---- the page ----

  /**
   * The verification page, and the rejection it reports when it could not show what was asked: the
   * certificate is not in the log ({@link ProblemType#NOT_FOUND}), the log could not be reached
   * ({@link ProblemType#UNAVAILABLE}), or the pasted email could not be read (its problem; the page
   * still reports the certificate's own checks). The edge picks the HTTP status from it.
   */
  public record Page(String html, Optional<Rejection> rejection) {}

  /**
   * The page {@code /verify/{certificateId}} whose absolute URL is {@code pageUrl}, checking {@code
   * pastedEmail} against the certificate when one was posted. Never fails: what could not be done
   * is said on the page, and an unreachable log reads "couldn't check", never red.
   */
  public CompletionStage<Page> page(
      String certificateId, String pageUrl, Optional<byte[]> pastedEmail) {
    if (!isCertificateId(certificateId)) {
      return CompletableFuture.completedFuture(
          withoutReport(certificateId, pageUrl, notFound(certificateId)));
    }
    return verify(byId(certificateId, pastedEmail.map(Content.RawEmail::new)))
        .thenApply(
            report ->
                page(
                    certificateId,
                    pageUrl,
                    Optional.of(report),
                    Optional.empty(),
                    Optional.empty()))
        .exceptionallyCompose(
            failure -> {
              ProblemException problem = problem(failure);
              ProblemType type = problem.problem().type();
              if (pastedEmail.isEmpty()
                  || (type != ProblemType.INVALID_REQUEST
                      && type != ProblemType.PAYLOAD_TOO_LARGE)) {
                return CompletableFuture.completedFuture(
                    withoutReport(certificateId, pageUrl, problem));
              }
              // The email could not be read: show the certificate's own checks and say why.
              VerificationPage.Notice unreadable =
                  new VerificationPage.Notice(
                      VerificationPage.Tone.PROBLEM,
                      "The pasted email could not be read: " + problem.problem().detail());
              return verify(byId(certificateId, Optional.empty()))
                  .thenApply(
                      report ->
                          page(
                              certificateId,
                              pageUrl,
                              Optional.of(report),
                              Optional.of(unreadable),
                              Optional.of(new Rejection(type, problem.problem().detail()))))
                  .exceptionally(again -> withoutReport(certificateId, pageUrl, problem(again)));
            });
  }

  private static VerificationRequest byId(String certificateId, Optional<Content> content) {
    return new VerificationRequest(content, Optional.empty(), Optional.of(certificateId));
  }

  /**
   * The page when there is no certificate to report on: unknown, or the log out of reach (anything
   * but an unknown certificate reads as that).
   */
  private static Page withoutReport(
      String certificateId, String pageUrl, ProblemException problem) {
    if (problem.problem().type() == ProblemType.NOT_FOUND) {
      return page(
          certificateId,
          pageUrl,
          Optional.empty(),
          Optional.of(
              new VerificationPage.Notice(
                  VerificationPage.Tone.PROBLEM, "No certificate with this id is in the log.")),
          Optional.of(new Rejection(ProblemType.NOT_FOUND, problem.problem().detail())));
    }
    return page(
        certificateId,
        pageUrl,
        Optional.empty(),
        Optional.of(
            new VerificationPage.Notice(
                VerificationPage.Tone.INFO,
                "Couldn't check this certificate right now: the log could not be reached. This is"
                    + " not a failure; try again in a moment.")),
        Optional.of(new Rejection(ProblemType.UNAVAILABLE, problem.problem().detail())));
  }

  private static Page page(
      String certificateId,
      String pageUrl,
      Optional<VerificationReport> report,
      Optional<VerificationPage.Notice> notice,
      Optional<Rejection> rejection) {
    return new Page(
        VerificationPage.render(new VerificationPage.View(certificateId, pageUrl, report, notice)),
        rejection);
  }

  /** A QR code PNG of {@code url}, {@code size} pixels square. */
  public byte[] qrCode(String url, int size) {
    try {
      return QrCode.png(url, size);
    } catch (IllegalArgumentException e) {
      throw ProblemException.of(ProblemType.INVALID_REQUEST, e.getMessage());
    }
  }

  // ---- plumbing ----

  private static boolean isCertificateId(String certificateId) {
    return certificateId != null && certificateId.matches("[A-Za-z0-9_-]{1,64}");
  }

  private CompletionStage<TrustLog.Found> find(String certificateId) {
    return lookUp(certificateId).thenApply(TrustLog.Reply::orThrow);
  }

  /** What the log answers about a certificate, its refusal included. */
  private CompletionStage<TrustLog.Reply<TrustLog.Found>> lookUp(String certificateId) {
    if (!isCertificateId(certificateId)) {
      return CompletableFuture.failedFuture(
          ProblemException.of(
              ProblemType.INVALID_REQUEST,
              "certificateId must be 1 to 64 of A-Z, a-z, 0-9, '_' and '-'"));
    }
    return ask(replyTo -> new TrustLog.FindCertificate(certificateId, replyTo));
  }

  private CompletionStage<TrustLog.Appended> append(LogEntry entry) {
    return askForValue(replyTo -> new TrustLog.Append(entry.encode(), replyTo));
  }

  /** Asks the log, failing with the rejection when it refuses. */
  private <T> CompletionStage<T> askForValue(
      Function<ActorRef<TrustLog.Reply<T>>, TrustLog.Command> command) {
    return this.<TrustLog.Reply<T>>ask(command).thenApply(TrustLog.Reply::orThrow);
  }

  private <T> CompletionStage<T> ask(Function<ActorRef<T>, TrustLog.Command> command) {
    return AskPattern.ask(log, command::apply, askTimeout, system.scheduler());
  }

  private static CertificateStatus status(TrustLog.Found found) {
    LogEntry.Issuance issuance = (LogEntry.Issuance) decode(found.issuance());
    Certificate certificate =
        Certificate.of(
            issuance,
            found.leafIndex(),
            found.checkpoint(),
            new InclusionProof(found.leafIndex(), found.treeSize(), hashes(found.proof())));
    return new CertificateStatus(certificate, revocationOf(found));
  }

  private static Optional<LogEntry.Revocation> revocationOf(TrustLog.Found found) {
    return Optional.ofNullable(found.revocation()).map(r -> (LogEntry.Revocation) decode(r));
  }

  private static LogEntry decode(byte[] entry) {
    try {
      return LogEntry.decode(entry);
    } catch (MalformedCertificateException e) {
      throw ProblemException.of(
          ProblemType.INTERNAL, "the log holds a malformed entry: " + e.getMessage());
    }
  }

  private static ProblemException notFound(String certificateId) {
    return ProblemException.of(
        ProblemType.NOT_FOUND, "certificate " + certificateId + " is not in the log");
  }

  private static List<Hash> hashes(List<byte[]> bytes) {
    return bytes.stream().map(Hash::of).toList();
  }

  /**
   * The problem behind a failure: a rejection, or one this service raised, as it is; anything else
   * (an ask timeout, a stopped entity) is {@link ProblemType#UNAVAILABLE}.
   */
  private static ProblemException problem(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof ProblemException problem) {
      return problem;
    }
    return ProblemException.of(
        ProblemType.UNAVAILABLE, "the trust log did not answer: " + cause.getMessage());
  }

  private static <T> CompletionStage<T> failed(Throwable failure) {
    return CompletableFuture.failedFuture(problem(failure));
  }
}
