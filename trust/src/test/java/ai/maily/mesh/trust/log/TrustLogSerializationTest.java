package ai.maily.mesh.trust.log;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command, reply (a refusal with its rejection included), event and state of the log
 * round-trips through the CBOR serializer.
 */
class TrustLogSerializationTest {

  private static final ActorTestKit testKit = ActorTestKit.create(TrustTestConfig.create());
  private static final SerializationTestKit serialization =
      new SerializationTestKit(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Stream<Object> messages() {
    ActorRef<TrustLog.Reply<TrustLog.Appended>> appended =
        testKit.<TrustLog.Reply<TrustLog.Appended>>createTestProbe().ref();
    ActorRef<TrustLog.Reply<TrustLog.Inclusion>> inclusion =
        testKit.<TrustLog.Reply<TrustLog.Inclusion>>createTestProbe().ref();
    ActorRef<TrustLog.Reply<TrustLog.Consistency>> consistency =
        testKit.<TrustLog.Reply<TrustLog.Consistency>>createTestProbe().ref();
    ActorRef<TrustLog.Reply<TrustLog.Leaves>> leaves =
        testKit.<TrustLog.Reply<TrustLog.Leaves>>createTestProbe().ref();
    ActorRef<TrustLog.Reply<TrustLog.Found>> found =
        testKit.<TrustLog.Reply<TrustLog.Found>>createTestProbe().ref();
    ActorRef<TrustLog.Head> head = testKit.<TrustLog.Head>createTestProbe().ref();
    byte[] entry = TrustTestConfig.issuance("c1").encode();
    byte[] hash = new byte[32];
    return Stream.of(
        new TrustLog.Append(entry, appended),
        new TrustLog.GetHead(head),
        new TrustLog.ProveInclusion(1, 2, inclusion),
        new TrustLog.ProveConsistency(1, 2, consistency),
        new TrustLog.GetLeaves(0, 2, leaves),
        new TrustLog.FindCertificate("c1", found),
        new TrustLog.Appended(0, 1, "note", List.of(hash)),
        new TrustLog.Head(1, "note"),
        new TrustLog.Inclusion(0, 1, List.of(hash)),
        new TrustLog.Consistency(1, 2, List.of(hash)),
        new TrustLog.Leaves(0, 1, List.of(hash), List.of(entry)),
        new TrustLog.Found(0, entry, null, "note", 1, List.of()),
        new TrustLog.Refused<TrustLog.Appended>(
            new Rejection(ProblemType.CONFLICT, "certificate c1 is already revoked")),
        new TrustLog.BatchAppended(
            0, List.of(entry), List.of(new TrustLog.NodeHash(0, 0, hash)), "note"),
        new TrustLog.State(1, "note", Set.of("c1")));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughCbor(Object message) {
    // Records holding byte arrays compare by identity, so compare what they serialize to.
    Object copy = serialization.verifySerialization(message, false);
    assertThat(copy).usingRecursiveComparison().isEqualTo(message);
  }
}
