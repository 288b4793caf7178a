package ai.maily.mesh.canvas;

import static ai.maily.mesh.canvas.CanvasFixtures.SETTINGS;
import static ai.maily.mesh.canvas.CanvasFixtures.addText;
import static ai.maily.mesh.canvas.CanvasFixtures.ops;
import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.problem.Problem.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanvasDocumentTest {

  private static final String ALICE = "alice";
  private static final String BOB = "bob";

  private CanvasDocument document = CanvasDocument.create("Spring sale");

  /** Applies {@code json} as {@code by}'s request, which must be valid; returns its changes. */
  private CanvasChanges apply(String by, String json) {
    return apply(by, json, SETTINGS);
  }

  private CanvasChanges apply(String by, String json, CanvasSettings settings) {
    CanvasDocument.Outcome outcome = document.apply(ops(json), by, settings);
    assertThat(outcome).isInstanceOf(CanvasDocument.Applied.class);
    CanvasDocument.Applied applied = (CanvasDocument.Applied) outcome;
    // The document the entity's recovery rebuilds from the event is the one the request made.
    assertThat(document.applied(ops(json), applied.changes(), by, settings.undoDepth()))
        .isEqualTo(applied.document());
    document = applied.document();
    return applied.changes();
  }

  private List<Violation> problems(String by, String json) {
    return problems(by, json, SETTINGS);
  }

  private List<Violation> problems(String by, String json, CanvasSettings settings) {
    CanvasDocument.Outcome outcome = document.apply(ops(json), by, settings);
    assertThat(outcome).isInstanceOf(CanvasDocument.Invalid.class);
    return ((CanvasDocument.Invalid) outcome).problems();
  }

  private Block block(String id) {
    return document.block(id).orElseThrow();
  }

  private static List<String> fields(List<Violation> problems) {
    return problems.stream().map(Violation::field).toList();
  }

  @Test
  void aNewCanvasIsEmptyAtVersionZeroWithItsLayersShown() {
    assertThat(document.version()).isZero();
    assertThat(document.blocks()).isEmpty();
    assertThat(document.layers()).isEqualTo(Layers.DEFAULT);
  }

  @Test
  void addsABlockAndMovesOneVersionOn() {
    CanvasChanges changes = apply(ALICE, "[" + addText("intro", 100, "Hello") + "]");

    Block intro = block("intro");
    assertThat(intro.type()).isEqualTo(BlockType.TEXT);
    assertThat(intro.content().text()).isEqualTo("Hello");
    assertThat(intro.y()).isEqualTo(100);
    assertThat(document.version()).isEqualTo(1);
    assertThat(changes.blocks()).containsExactly(BlockChange.of("intro", intro));
    assertThat(changes.layers()).isEqualTo(Layers.NONE);
  }

  @Test
  void aBlockWithoutAnIdGetsOne() {
    apply(
        ALICE,
        "[{'op': 'addBlock', 'block': {'type': 'divider', 'x': 0, 'y': 0, 'w': 600, 'h': 2}}]");

    assertThat(document.blocks()).extracting(Block::id).containsExactly("new-1");
  }

  @Test
  void updatesContentFieldByFieldAndClearsAFieldGivenNull() {
    apply(
        ALICE,
        "[{'op': 'addBlock', 'block': {'id': 'hero', 'type': 'image', 'x': 0, 'y': 0, 'w': 600,"
            + " 'h': 300, 'content': {'src': 'https://acme.com/a.jpg', 'alt': 'A ridge'}}}]");

    CanvasChanges changes =
        apply(
            ALICE,
            "[{'op': 'updateBlock', 'blockId': 'hero', 'content': {'src': 'https://acme.com/b.jpg'},"
                + " 'h': 320}]");
    assertThat(block("hero").content())
        .isEqualTo(new Block.Content(null, "https://acme.com/b.jpg", "A ridge", null));
    assertThat(block("hero").h()).isEqualTo(320);
    assertThat(block("hero").w()).isEqualTo(600);
    assertThat(changes.blocks()).containsExactly(BlockChange.of("hero", block("hero")));

    apply(ALICE, "[{'op': 'updateBlock', 'blockId': 'hero', 'content': {'alt': null}}]");
    assertThat(block("hero").content().alt()).isNull();
  }

  @Test
  void movesABlockAndKeepsItsStackingOrderUnlessGiven() {
    apply(ALICE, "[" + addText("intro", 0, "Hi") + "]");

    apply(ALICE, "[{'op': 'moveBlock', 'blockId': 'intro', 'x': 20, 'y': 140.5}]");
    assertThat(block("intro"))
        .extracting(Block::x, Block::y, Block::z)
        .containsExactly(20.0, 140.5, 0);

    apply(ALICE, "[{'op': 'moveBlock', 'blockId': 'intro', 'x': 20, 'y': 140.5, 'z': 3}]");
    assertThat(block("intro").z()).isEqualTo(3);
  }

  @Test
  void deletesABlockAndSaysSoInItsChanges() {
    apply(ALICE, "[" + addText("intro", 0, "Hi") + "," + addText("outro", 50, "Bye") + "]");

    CanvasChanges changes = apply(ALICE, "[{'op': 'deleteBlock', 'blockId': 'intro'}]");

    assertThat(document.blocks()).extracting(Block::id).containsExactly("outro");
    assertThat(changes.blocks()).containsExactly(new BlockChange("intro", null, true));
  }

  @Test
  void setsALayerSettingBySetting() {
    CanvasChanges changes = apply(ALICE, "[{'op': 'setLayer', 'layer': 'trust', 'opacity': 0.4}]");

    assertThat(document.layers().trust()).isEqualTo(new Layer(true, 0.4));
    assertThat(changes.layers()).isEqualTo(Layers.NONE.with(LayerName.TRUST, new Layer(true, 0.4)));

    apply(ALICE, "[{'op': 'setLayer', 'layer': 'aiReasoning', 'visible': false}]");
    assertThat(document.layers().aiReasoning()).isEqualTo(new Layer(false, 1.0));
    assertThat(document.layers().trust()).isEqualTo(new Layer(true, 0.4));
  }

  @Test
  void appliesARequestsOpsInTurnAndReportsEachTouchedBlockOnce() {
    CanvasChanges changes =
        apply(
            ALICE,
            "["
                + addText("intro", 0, "Hi")
                + ", {'op': 'updateBlock', 'blockId': 'intro', 'content': {'text': 'Hello'}},"
                + " {'op': 'moveBlock', 'blockId': 'intro', 'x': 5, 'y': 5}]");

    assertThat(document.version()).isEqualTo(1);
    assertThat(changes.blocks()).hasSize(1);
    assertThat(changes.blocks().get(0).block().content().text()).isEqualTo("Hello");
    assertThat(changes.blocks().get(0).block().x()).isEqualTo(5);
  }

  @Test
  void appliesNothingOfARequestWithOneInvalidOp() {
    apply(ALICE, "[" + addText("intro", 0, "Hi") + "]");
    CanvasDocument before = document;

    List<Violation> problems =
        problems(
            ALICE,
            "[{'op': 'updateBlock', 'blockId': 'intro', 'content': {'text': 'Changed'}},"
                + addText("outro", 50, "Bye")
                + ", {'op': 'deleteBlock', 'blockId': 'ghost'}]");

    assertThat(problems)
        .containsExactly(new Violation("ops[2].blockId", "no block 'ghost' in the canvas"));
    assertThat(document).isEqualTo(before);
  }

  @Test
  void namesTheFieldOfEveryBrokenRule() {
    List<Violation> problems =
        problems(
            ALICE,
            "[{'op': 'addBlock', 'block': {'id': 'bad id', 'type': 'text', 'x': 1e9, 'y': 0, 'w': 0,"
                + " 'h': 10, 'content': {'text': 'Hi', 'href': 'https://acme.com'}}},"
                + " {'op': 'addBlock', 'block': {'id': 'b', 'type': 'button', 'x': 0, 'y': 0, 'w': 10,"
                + " 'h': 10, 'content': {'href': 'javascript:alert(1)'}}},"
                + " {'op': 'setLayer', 'layer': 'trust', 'opacity': 1.5},"
                + " {'op': 'moveBlock', 'blockId': 'b', 'x': 0, 'y': -1e7}]");

    assertThat(fields(problems))
        .containsExactly(
            "ops[0].block.id",
            "ops[0].block.x",
            "ops[0].block.w",
            "ops[0].block.content.href",
            "ops[1].block.content.href",
            "ops[2].opacity",
            "ops[3].blockId");
  }

  @Test
  void keepsTextsWithinTheirLimitAndStorable() {
    String longText = "x".repeat(SETTINGS.maxTextLength() + 1);

    List<Violation> problems =
        problems(
            ALICE,
            "["
                + addText("a", 0, longText)
                + ","
                + addText("b", 0, "\\ud800 alone")
                + ", {'op': 'addBlock', 'block': {'id': 'c', 'type': 'image', 'x': 0, 'y': 0, 'w':"
                + " 10, 'h': 10, 'content': {'src': 'https://acme.com/"
                + "p".repeat(SETTINGS.maxUrlLength())
                + "'}}}]");

    assertThat(fields(problems))
        .containsExactly(
            "ops[0].block.content.text", "ops[1].block.content.text", "ops[2].block.content.src");
    assertThat(problems.get(0).message()).contains("at most " + SETTINGS.maxTextLength());
    assertThat(problems.get(1).message()).contains("unpaired surrogate");
  }

  @Test
  void acceptsLinksWithMergeTags() {
    apply(
        ALICE,
        "[{'op': 'addBlock', 'block': {'id': 'cta', 'type': 'button', 'x': 0, 'y': 0, 'w': 200,"
            + " 'h': 40, 'content': {'text': 'Unsubscribe',"
            + " 'href': 'https://acme.com/unsubscribe?u={{ contact_id }}'}}}]");

    assertThat(block("cta").content().href()).endsWith("{{ contact_id }}");
  }

  @Test
  void refusesADuplicateIdAndASecondSubject() {
    apply(
        ALICE,
        "[{'op': 'addBlock', 'block': {'id': 'subject', 'type': 'subject', 'x': 0, 'y': 0, 'w':"
            + " 600, 'h': 30, 'content': {'text': 'Hi'}}}]");

    List<Violation> problems =
        problems(
            ALICE,
            "[{'op': 'addBlock', 'block': {'id': 'subject', 'type': 'text', 'x': 0, 'y': 0, 'w': 1,"
                + " 'h': 1}}, {'op': 'addBlock', 'block': {'id': 's2', 'type': 'subject', 'x': 0,"
                + " 'y': 0, 'w': 1, 'h': 1}}]");

    assertThat(problems)
        .containsExactly(
            new Violation("ops[0].block.id", "a block 'subject' already exists"),
            new Violation(
                "ops[1].block.type", "the canvas already has a subject block ('subject')"));
  }

  @Test
  void refusesABlockBeyondTheMostACanvasHolds() {
    CanvasSettings two = CanvasFixtures.settings(2, 100, 100);
    apply(ALICE, "[" + addText("a", 0, "1") + "," + addText("b", 0, "2") + "]", two);

    assertThat(problems(ALICE, "[" + addText("c", 0, "3") + "]", two))
        .containsExactly(
            new Violation("ops[0]", "the canvas already holds 2 blocks, the most it may"));
  }

  @Test
  void refusesAnEmptyRequestAndOneWithTooManyOps() {
    assertThat(document.apply(List.of(), ALICE, SETTINGS))
        .isEqualTo(
            new CanvasDocument.Invalid(List.of(new Violation("ops", "must hold at least one op"))));

    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i <= SETTINGS.maxOps(); i++) {
      many.append(i == 0 ? "" : ",").append(addText("b" + i, i, "x"));
    }
    assertThat(fields(problems(ALICE, many.append("]").toString()))).containsExactly("ops");
  }

  @Test
  void undoRevertsTheAuthorsLastChangeAsANewVersion() {
    apply(ALICE, "[" + addText("intro", 0, "Hello") + "]");
    apply(ALICE, "[{'op': 'updateBlock', 'blockId': 'intro', 'content': {'text': 'Howdy'}}]");

    CanvasChanges changes = apply(ALICE, "[{'op': 'undo'}]");

    assertThat(block("intro").content().text()).isEqualTo("Hello");
    assertThat(document.version()).isEqualTo(3);
    assertThat(changes.blocks()).containsExactly(BlockChange.of("intro", block("intro")));

    apply(ALICE, "[{'op': 'undo'}]");
    assertThat(document.blocks()).isEmpty();
    assertThat(problems(ALICE, "[{'op': 'undo'}]"))
        .containsExactly(new Violation("ops[0]", "nothing to undo"));
  }

  @Test
  void redoMakesAnUndoneChangeAgainUntilANewChange() {
    apply(ALICE, "[" + addText("intro", 0, "Hello") + "]");
    apply(ALICE, "[{'op': 'updateBlock', 'blockId': 'intro', 'content': {'text': 'Howdy'}}]");
    apply(ALICE, "[{'op': 'undo'}]");

    apply(ALICE, "[{'op': 'redo'}]");
    assertThat(block("intro").content().text()).isEqualTo("Howdy");

    apply(ALICE, "[{'op': 'undo'}]");
    apply(ALICE, "[{'op': 'moveBlock', 'blockId': 'intro', 'x': 1, 'y': 1}]");
    assertThat(problems(ALICE, "[{'op': 'redo'}]"))
        .containsExactly(new Violation("ops[0]", "nothing to redo"));
  }

  @Test
  void undoIsPerUser() {
    apply(ALICE, "[" + addText("a", 0, "By Alice") + "]");
    apply(BOB, "[" + addText("b", 50, "By Bob") + "]");

    apply(ALICE, "[{'op': 'undo'}]");

    assertThat(document.blocks()).extracting(Block::id).containsExactly("b");
    assertThat(problems(ALICE, "[{'op': 'undo'}]")).hasSize(1);
    apply(BOB, "[{'op': 'undo'}]");
    assertThat(document.blocks()).isEmpty();
  }

  @Test
  void undoRevertsOnlyTheFieldsTheChangeChanged() {
    apply(ALICE, "[" + addText("intro", 0, "Hello") + "]");
    apply(ALICE, "[{'op': 'updateBlock', 'blockId': 'intro', 'content': {'text': 'Howdy'}}]");
    apply(BOB, "[{'op': 'moveBlock', 'blockId': 'intro', 'x': 30, 'y': 60}]");

    apply(ALICE, "[{'op': 'undo'}]");

    assertThat(block("intro").content().text()).isEqualTo("Hello");
    assertThat(block("intro").x()).isEqualTo(30);
    assertThat(block("intro").y()).isEqualTo(60);
  }

  @Test
  void undoPassesOverChangesAnotherUserHasChangedSince() {
    apply(ALICE, "[" + addText("intro", 0, "Hello") + "," + addText("outro", 50, "Bye") + "]");
    apply(ALICE, "[{'op': 'updateBlock', 'blockId': 'outro', 'content': {'text': 'Ciao'}}]");
    apply(ALICE, "[{'op': 'updateBlock', 'blockId': 'intro', 'content': {'text': 'Howdy'}}]");
    apply(BOB, "[{'op': 'updateBlock', 'blockId': 'intro', 'content': {'text': 'Hey'}}]");

    apply(ALICE, "[{'op': 'undo'}]");

    assertThat(block("intro").content().text()).isEqualTo("Hey");
    assertThat(block("outro").content().text()).isEqualTo("Bye");
  }

  @Test
  void undoOfADeleteBringsTheBlockBack() {
    apply(ALICE, "[" + addText("intro", 0, "Hello") + "]");
    Block intro = block("intro");
    apply(ALICE, "[{'op': 'deleteBlock', 'blockId': 'intro'}]");

    apply(ALICE, "[{'op': 'undo'}]");

    assertThat(block("intro")).isEqualTo(intro);
  }

  @Test
  void undoesLayerSettings() {
    apply(ALICE, "[{'op': 'setLayer', 'layer': 'performance', 'visible': false}]");

    apply(ALICE, "[{'op': 'undo'}]");

    assertThat(document.layers().performance()).isEqualTo(Layer.SHOWN);
  }

  @Test
  void anUndoThatWouldBreakALimitIsRefused() {
    CanvasSettings one = CanvasFixtures.settings(1, 100, 100);
    apply(ALICE, "[" + addText("a", 0, "1") + "]", one);
    apply(ALICE, "[{'op': 'deleteBlock', 'blockId': 'a'}]", one);
    apply(BOB, "[" + addText("b", 0, "2") + "]", one);

    assertThat(problems(ALICE, "[{'op': 'undo'}]", one))
        .extracting(Violation::field)
        .containsExactly("ops[0]");
  }

  @Test
  void keepsAtMostTheUndoDepth() {
    CanvasSettings depthTwo = CanvasFixtures.settings(200, 2, 100);
    for (int i = 0; i < 3; i++) {
      apply(ALICE, "[" + addText("b" + i, i, "x") + "]", depthTwo);
    }

    apply(ALICE, "[{'op': 'undo'}]", depthTwo);
    apply(ALICE, "[{'op': 'undo'}]", depthTwo);

    assertThat(problems(ALICE, "[{'op': 'undo'}]", depthTwo)).hasSize(1);
    assertThat(document.blocks()).extracting(Block::id).containsExactly("b0");
  }

  @Test
  void undoAndRedoComeAlone() {
    apply(ALICE, "[" + addText("a", 0, "1") + "]");

    assertThat(problems(ALICE, "[{'op': 'undo'}, " + addText("b", 0, "2") + "]"))
        .containsExactly(new Violation("ops[0].op", "undo and redo come alone in their request"));
  }

  @Test
  void aTitleMustBeShortAndNotBlank() {
    assertThat(CanvasDocument.titleProblems("Spring sale", SETTINGS)).isEmpty();
    assertThat(CanvasDocument.titleProblems(" ", SETTINGS))
        .extracting(Violation::field)
        .containsExactly("title");
    assertThat(CanvasDocument.titleProblems("t".repeat(SETTINGS.maxTitleLength() + 1), SETTINGS))
        .extracting(Violation::field)
        .containsExactly("title");
  }
}
