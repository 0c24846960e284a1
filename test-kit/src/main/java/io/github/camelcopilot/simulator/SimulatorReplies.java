package io.github.camelcopilot.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The simulator's deterministic answers, public so tests can assert exact values. A reply quotes the prompt, names a
 * person in an entity tag and carries a citation marker, like a grounded Copilot answer. The same prompt always gets
 * the same reply, from {@code chat} and (as its final event) from {@code chatOverStream}.
 */
public final class SimulatorReplies {

    /**
     * A prompt holding this text makes Copilot disengage: the reply's conversation state is {@code disengagedForRai},
     * and every later chat in that conversation is refused with 400 (the real service's status for it is undocumented).
     */
    public static final String DISENGAGE_TRIGGER = "#disengage";
    /** The citation marker in every reply; it matches the one attribution of the reply. */
    public static final String CITATION_MARKER = "[^1^]";
    /** The person every reply mentions (wrapped in {@code <Person>} tags). */
    public static final String PERSON = "Adele Vance";
    /** The display name of intermediate stream events, as the real service sends it. */
    public static final String INTERMEDIATE_DISPLAY_NAME = "Intermediate Conversation Update";
    /** The cited source of every reply. */
    public static final String CITATION_PROVIDER = "Project notes";
    public static final String CITATION_URL =
            "https://contoso.sharepoint.com/sites/projects/Shared%20Documents/Project%20notes.docx";

    /** How many words each progress event of a stream adds. */
    static final int WORDS_PER_EVENT = 3;

    /** The part of every reply after the quoted prompt, word by word; annotated as in the final text. */
    private static final List<String> TAIL_WORDS = List.of(
            "<Person>Adele", "Vance</Person>", "summarised", "it", "in", "the", "latest", "project", "notes",
            CITATION_MARKER + ".", "She", "suggests", "reviewing", "those", "notes", "before", "your", "next", "meeting.");
    private static final int MARKER_TAIL_INDEX = 9;

    private SimulatorReplies() {
    }

    /** The complete reply text for a prompt: what {@code chat} answers and the final stream event holds. */
    public static String replyFor(String prompt) {
        return String.join(" ", words(prompt));
    }

    /**
     * The reply texts of a stream's progress events, in order; the last one equals {@link #replyFor(String)}. The text
     * grows by a few words per event, but the entity tags and the citation marker are only added part-way through,
     * around words that were already streamed, so one snapshot is not a prefix extension of the one before it: the
     * rewrite a real stream shows.
     */
    public static List<String> streamTextsFor(String prompt) {
        List<String> words = words(prompt);
        int headCount = words.size() - TAIL_WORDS.size();
        // Stay plain up to the first snapshot that has streamed past the marker's place, then annotate everything.
        int annotateAfter = headCount + MARKER_TAIL_INDEX + 1;
        List<String> texts = new ArrayList<>();
        boolean annotated = false;
        for (int count = WORDS_PER_EVENT; ; count += WORDS_PER_EVENT) {
            int end = Math.min(count, words.size());
            String prefix = String.join(" ", words.subList(0, end));
            texts.add(annotated ? prefix : plain(prefix, headCount, words));
            annotated = annotated || end >= annotateAfter;
            if (end == words.size()) {
                break;
            }
        }
        return List.copyOf(texts);
    }

    /** The conversation's display name after its first turn: the first prompt. */
    public static String displayNameFor(String firstPrompt) {
        return firstPrompt;
    }

    private static List<String> words(String prompt) {
        // One line of Markdown whatever the prompt's layout, so the reply splits cleanly into words.
        String quoted = prompt.strip().replaceAll("\\s+", " ");
        List<String> words = new ArrayList<>(Arrays.asList(("Here is what I found about \"" + quoted + "\":").split(" ")));
        words.addAll(TAIL_WORDS);
        return words;
    }

    /** A prefix with the annotations of the fixed tail removed (the quoted prompt is left exactly as it was). */
    private static String plain(String prefix, int headCount, List<String> words) {
        String head = String.join(" ", words.subList(0, headCount));
        if (prefix.length() <= head.length()) {
            return prefix;
        }
        String tail = prefix.substring(head.length())
                .replace("<Person>", "")
                .replace("</Person>", "")
                .replace(" " + CITATION_MARKER, "");
        return head + tail;
    }
}
