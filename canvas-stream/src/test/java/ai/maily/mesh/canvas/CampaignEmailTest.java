package ai.maily.mesh.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignEmailTest {

  private static Block block(String id, BlockType type, double x, double y, Block.Content content) {
    return new Block(id, type, x, y, 600, 40, 0, content);
  }

  private static Block.Content text(String text) {
    return new Block.Content(text, null, null, null);
  }

  @Test
  void makesTheEmailFromTheBlocksInReadingOrder() {
    List<Block> blocks =
        List.of(
            block(
                "cta",
                BlockType.BUTTON,
                0,
                300,
                new Block.Content("Shop now", null, null, "https://acme.com/sale")),
            block("subject", BlockType.SUBJECT, 0, 0, text("{{ first_name }}, spring is here")),
            block("body", BlockType.TEXT, 0, 200, text("Five new routes.\nPack light.")),
            block("title", BlockType.HEADING, 0, 100, text("Spring trails")),
            block("pre", BlockType.PREHEADER, 0, 0, text("Plus what to pack")),
            block(
                "hero",
                BlockType.IMAGE,
                0,
                150,
                new Block.Content(null, "https://acme.com/r.jpg", "A ridge", null)),
            block("rule", BlockType.DIVIDER, 0, 250, Block.Content.EMPTY));

    CampaignEmail email = CampaignEmail.of("Spring sale", blocks);

    assertThat(email.subject()).isEqualTo("{{ first_name }}, spring is here");
    assertThat(email.preheader()).isEqualTo("Plus what to pack");
    assertThat(email.html())
        .isEqualTo(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{{ first_name }}, spring is"
                + " here</title></head><body><div style=\"display:none\">Plus what to pack</div>"
                + "<h1>Spring trails</h1><img src=\"https://acme.com/r.jpg\" alt=\"A ridge\""
                + " width=\"600\"><p>Five new routes.<br>Pack light.</p><hr>"
                + "<p><a href=\"https://acme.com/sale\">Shop now</a></p></body></html>");
    assertThat(email.text())
        .isEqualTo(
            "SPRING TRAILS\n\n[A ridge]\n\nFive new routes.\nPack light.\n\n----\n\n"
                + "Shop now: https://acme.com/sale");
  }

  @Test
  void escapesWhatUsersTyped() {
    List<Block> blocks =
        List.of(
            block("t", BlockType.TEXT, 0, 0, text("<script>alert('x')</script> & \"more\"")),
            block(
                "b",
                BlockType.BUTTON,
                0,
                10,
                new Block.Content("Go", null, null, "https://acme.com/?a=1&b=\"2\"")));

    String html = CampaignEmail.of("T", blocks).html();

    assertThat(html)
        .contains("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</p>")
        .contains("<a href=\"https://acme.com/?a=1&amp;b=&quot;2&quot;\">Go</a>")
        .doesNotContain("<script>");
  }

  @Test
  void theTitleIsTheSubjectOfACanvasWithoutOne() {
    CampaignEmail email = CampaignEmail.of("Spring sale", List.of());

    assertThat(email.subject()).isEqualTo("Spring sale");
    assertThat(email.preheader()).isNull();
    assertThat(email.text()).isEmpty();
  }
}
