package io.github.camelcopilot.simulator;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorRepliesTest {

    @Test
    void theReplyQuotesThePromptNamesAPersonAndCites() {
        String reply = SimulatorReplies.replyFor("Who owns the budget?");

        assertThat(reply).isEqualTo("Here is what I found about \"Who owns the budget?\": <Person>Adele Vance</Person>"
                                    + " summarised it in the latest project notes [^1^]. She suggests reviewing those"
                                    + " notes before your next meeting.");
    }

    @Test
    void theSamePromptAlwaysGetsTheSameReply() {
        assertThat(SimulatorReplies.replyFor("x y")).isEqualTo(SimulatorReplies.replyFor("x y"));
        assertThat(SimulatorReplies.streamTextsFor("x y")).isEqualTo(SimulatorReplies.streamTextsFor("x y"));
        assertThat(SimulatorReplies.replyFor("a")).isNotEqualTo(SimulatorReplies.replyFor("b"));
    }

    @Test
    void multiLinePromptsAreQuotedOnOneLine() {
        assertThat(SimulatorReplies.replyFor("  first line\n\tsecond  line ")).contains("\"first line second line\"");
    }

    @Test
    void streamTextsGrowByAFewWordsAndEndWithTheReply() {
        String prompt = "What is new in project Falcon this week?";
        List<String> texts = SimulatorReplies.streamTextsFor(prompt);

        assertThat(texts.get(texts.size() - 1)).isEqualTo(SimulatorReplies.replyFor(prompt));
        assertThat(texts).hasSizeGreaterThan(5);
        assertThat(texts.get(0).split(" ")).hasSize(SimulatorReplies.WORDS_PER_EVENT);
        for (int i = 1; i < texts.size(); i++) {
            assertThat(texts.get(i).length()).isGreaterThan(texts.get(i - 1).length());
        }
    }

    @Test
    void exactlyOneSnapshotRewritesEarlierText() {
        for (String prompt : List.of("Hi", "A much longer prompt with many words in it to shift the boundaries", "x")) {
            List<String> texts = SimulatorReplies.streamTextsFor(prompt);
            int rewrites = 0;
            for (int i = 1; i < texts.size(); i++) {
                if (!texts.get(i).startsWith(texts.get(i - 1))) {
                    rewrites++;
                    assertThat(texts.get(i - 1)).contains("Adele Vance").doesNotContain("<Person>");
                    assertThat(texts.get(i)).contains("<Person>Adele Vance</Person>")
                            .contains(SimulatorReplies.CITATION_MARKER);
                    assertThat(i).isLessThan(texts.size() - 1);
                }
            }
            assertThat(rewrites).as(prompt).isEqualTo(1);
        }
    }

    @Test
    void promptsThatLookLikeAnnotationsAreLeftAlone() {
        String prompt = "Is <Person>Bob</Person> in [^1^]?";
        List<String> texts = SimulatorReplies.streamTextsFor(prompt);

        assertThat(texts).allMatch(text -> text.length() < 40 || text.contains("<Person>Bob</Person>")
                                           || !text.contains("Bob"));
        assertThat(texts.get(texts.size() - 1)).isEqualTo(SimulatorReplies.replyFor(prompt));
    }
}
