package ai.maily.mesh.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.maily.mesh.canvas.live.FellBehind;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void aProblemIsReportedAsItIs() {
    ProblemException notFound = ProblemException.of(ProblemType.NOT_FOUND, "task x does not exist");

    assertEquals(notFound.problem(), Failures.toProblem(new CompletionException(notFound)));
  }

  @Test
  void timeoutsAndAnUnreachableJournalAreUnavailableNotInternal() {
    assertEquals(
        ProblemType.UNAVAILABLE,
        Failures.toProblem(new CompletionException(new TimeoutException())).type());
    assertEquals(
        ProblemType.UNAVAILABLE,
        Failures.toProblem(
                new CompletionException(
                    new SQLTransientConnectionException("connection is not available")))
            .type());
  }

  @Test
  void aFollowerThatFellBehindIsToldWhereToFollowAgain() {
    var problem = Failures.toProblem(new FellBehind("Task|acme:t1", 42));

    assertEquals(ProblemType.UNAVAILABLE, problem.type());
    assertEquals("the client read too slowly; follow again after event 41", problem.detail());
  }

  @Test
  void anythingElseIsInternal() {
    assertEquals(
        ProblemType.INTERNAL, Failures.toProblem(new IllegalStateException("a bug")).type());
  }
}
