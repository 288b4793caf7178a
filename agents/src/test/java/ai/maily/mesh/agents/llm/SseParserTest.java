package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private static List<SseParser.Event> read(String... lines) {
    SseParser parser = new SseParser();
    List<SseParser.Event> events = new ArrayList<>();
    for (String line : lines) {
      parser.line(line).ifPresent(events::add);
    }
    return events;
  }

  @Test
  void dispatchesAnEventAtEachBlankLine() {
    assertThat(read("data: {\"a\":1}", "", "data: [DONE]", ""))
        .containsExactly(
            new SseParser.Event("message", "{\"a\":1}"), new SseParser.Event("message", "[DONE]"));
  }

  @Test
  void joinsDataLinesWithNewlinesAndTakesOneSpaceAfterTheColon() {
    assertThat(read("data:first", "data:  second", "data", ""))
        .containsExactly(new SseParser.Event("message", "first\n second\n"));
  }

  @Test
  void skipsCommentsIdsRetriesAndEventsWithoutData() {
    assertThat(read(": keep-alive", "", "id: 7", "retry: 1000", "", "event: ping", "")).isEmpty();
  }

  @Test
  void keepsAnEventsTypeForThatEventOnly() {
    assertThat(read("event: error", "data: {\"message\":\"boom\"}", "", "data: x", ""))
        .containsExactly(
            new SseParser.Event("error", "{\"message\":\"boom\"}"),
            new SseParser.Event("message", "x"));
  }

  @Test
  void dropsAByteOrderMarkAtTheStart() {
    assertThat(read("\uFEFFdata: x", "")).containsExactly(new SseParser.Event("message", "x"));
  }

  @Test
  void neverDispatchesAnEventTheStreamEndsInTheMiddleOf() {
    assertThat(read("data: [DONE]")).isEmpty();
  }
}
