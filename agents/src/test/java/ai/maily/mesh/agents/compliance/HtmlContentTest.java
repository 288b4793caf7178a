package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.compliance.HtmlContent.Image;
import ai.maily.mesh.agents.compliance.HtmlContent.Link;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlContentTest {

  @Test
  void keepsOnlyVisibleText() {
    HtmlContent html =
        HtmlContent.scan(
            """
            <!DOCTYPE html><html><head><title>Hidden title</title>
            <style>p { color: red; } .a{b:c}}</style><script>var x = "<p>no</p>";</script></head>
            <body><!-- a comment --><!--[if mso]><table><tr><td>Outlook only</td></tr></table><![endif]-->
            <p>Hello   <b>world</b></p><p>Second</p></body></html>
            """);

    assertThat(html.text()).isEqualTo("Hello world Second");
  }

  @Test
  void separatesBlockElementsButNotInlineOnes() {
    assertThat(
            HtmlContent.scan(
                    "<p>One</p><p>Two<br>Three</p><table><tr><td>Four</td></tr></table><b>Fi</b>ve")
                .text())
        .isEqualTo("One Two Three Four Five");
  }

  @Test
  void ignoresACellTagOutsideATableAsBrowsersDo() {
    assertThat(HtmlContent.scan("<p>One</p><td>Two</td><b>Thr</b>ee").text())
        .isEqualTo("One TwoThree");
  }

  @Test
  void decodesCharacterReferences() {
    assertThat(
            HtmlContent.scan("Tom &amp; Jerry&nbsp;&copy; &#8364;5 &#x41;&#X42; &bogus; &zwnj;end")
                .text())
        .isEqualTo("Tom & Jerry © €5 AB &bogus; end");
  }

  @Test
  void readsLinksWithAnyQuotingAndCase() {
    HtmlContent html =
        HtmlContent.scan(
            "<a href=\"https://a.example/1\">One</a> <a href='https://b.example/2'>Two</a>"
                + " <A HREF=https://c.example/3?x=1&amp;y=2 class=btn>Three</A> <a name=top>Top</a>");

    assertThat(html.links())
        .containsExactly(
            new Link("https://a.example/1", "One"),
            new Link("https://b.example/2", "Two"),
            new Link("https://c.example/3?x=1&y=2", "Three"),
            new Link("", "Top"));
  }

  @Test
  void collectsLinkTextAcrossNestedElements() {
    assertThat(
            HtmlContent.scan("<a href=\"/u\"><span>Un</span><b>subscribe</b> <img src=x.png></a>")
                .links())
        .containsExactly(new Link("/u", "Unsubscribe"));
  }

  @Test
  void closesAnUnclosedLinkAtTheNextLinkOrTheEnd() {
    assertThat(HtmlContent.scan("<a href=\"/1\">one <a href=\"/2\">two").links())
        .containsExactly(new Link("/1", "one"), new Link("/2", "two"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"<a href=\"unterminated", "<p class='x", "<", "a < b", "<<>>", "</", "<a"})
  void neverFailsOnBrokenMarkup(String broken) {
    HtmlContent html = HtmlContent.scan(broken);

    assertThat(html.text()).doesNotContain("href");
  }

  @Test
  void keepsALessThanSignThatOpensNoTagAsText() {
    assertThat(HtmlContent.scan("<p>3 < 5 and 1<2</p>").text()).isEqualTo("3 < 5 and 1<2");
  }

  @Test
  void readsImagesWithAltAndPixelShape() {
    HtmlContent html =
        HtmlContent.scan(
            "<img src=\"a.png\" alt=\"A tent\"><img src=b.png alt><img src='c.png'>"
                + "<img src=\"p.gif\" width=\"1\" height=\"1px\" />");

    assertThat(html.images())
        .containsExactly(
            new Image("a.png", Optional.of("A tent"), false),
            new Image("b.png", Optional.of(""), false),
            new Image("c.png", Optional.empty(), false),
            new Image("p.gif", Optional.empty(), true));
  }

  @Test
  void recordsWhichElementsOccur() {
    assertThat(HtmlContent.scan("<DIV><p>x</p><Script>y()</script><br/></div>").elements())
        .containsExactlyInAnyOrder("div", "p", "script", "br");
  }

  @Test
  void decodesEveryHtml5CharacterReferenceAsBrowsersDo() {
    // Named references beyond a short list, legacy ones without a semicolon, and the Windows-1252
    // numbers that 2002-era mailers wrote for dashes and quotes.
    assertThat(
            HtmlContent.scan("Caf&eacute; &rarr; &frac12;&nbspoff &#147;quoted&#148; &#150; end")
                .text())
        .isEqualTo("Café → ½ off “quoted” – end");
  }

  @Test
  void endsACommentWhereHtml5EndsIt() {
    assertThat(HtmlContent.scan("<!-- hidden --!><p>shown</p><!--> <p>also shown</p>").text())
        .isEqualTo("shown also shown");
  }

  @Test
  void showsWhatOutlookConditionalsRevealToOtherClientsAndHidesOutlookOnlyBlocks() {
    HtmlContent html =
        HtmlContent.scan(
            """
            <!--[if mso]><table><tr><td><a href="https://acme.com/vml">Outlook button</a></td></tr></table><![endif]-->
            <!--[if !mso]><!--><a href="https://acme.com/css">Button</a><!--<![endif]-->
            <p><![if !supportLists]>·<![endif]>Item</p>
            """);

    assertThat(html.text()).isEqualTo("Button ·Item");
    assertThat(html.links()).containsExactly(new Link("https://acme.com/css", "Button"));
  }

  @Test
  void keepsTheLinkTextThatMisnestedBlocksCutThrough() {
    // The HTML5 adoption agency reopens the link inside the paragraph, as a browser shows it.
    assertThat(HtmlContent.scan("<a href=\"/u\"><p>Unsub<b>scribe</a></b></p> after").links())
        .contains(new Link("/u", "Unsubscribe"));
  }

  @Test
  void countsOnlyTheElementsWrittenInTheHtml() {
    assertThat(HtmlContent.scan("<p>Hi <img src=a.png></p>").elements())
        .containsExactlyInAnyOrder("p", "img");
    assertThat(HtmlContent.scan("<html><body><p>Hi</p></body></html>").elements())
        .containsExactlyInAnyOrder("html", "body", "p");
  }

  @Test
  void ignoresATitleOrStyleInTheBodyAndAnUnclosedScript() {
    assertThat(
            HtmlContent.scan(
                    "<body><title>T</title><style>.a{}</style><p>Seen</p><script>var a = '<p>x'")
                .text())
        .isEqualTo("Seen");
  }
}
