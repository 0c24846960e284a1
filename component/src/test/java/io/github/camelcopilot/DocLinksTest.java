package io.github.camelcopilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every relative link of the README, docs/ and the component page points at a file, and at a heading that exists. */
class DocLinksTest {

    /** The repository root, which the build names; the component page is this module's. */
    private static final Path ROOT = Path.of(System.getProperty("copilot.root", "..")).toAbsolutePath().normalize();

    private static final Path COMPONENT_PAGE = Path.of("src/main/docs/copilot-component.adoc").toAbsolutePath();
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern ASCIIDOC_LINK = Pattern.compile("link:([^\\[\\s]+)\\[");
    private static final Pattern ASCIIDOC_XREF = Pattern.compile("<<([\\w-]+)(?:,[^>]*)?>>");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            Pattern links = page.toString().endsWith(".adoc") ? ASCIIDOC_LINK : MARKDOWN_LINK;
            Matcher link = links.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                checked++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path folder = page.getParent() == null ? Path.of("") : page.getParent();
                Path resolved = file.isEmpty() ? page : folder.resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no file " + resolved + ")");
                } else if (target.contains("#") && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(page + ": " + target + " (no such heading in " + resolved + ")");
                }
            }
        }
        Path component = COMPONENT_PAGE;
        Matcher xref = ASCIIDOC_XREF.matcher(Files.readString(component));
        while (xref.find()) {
            if (!anchors(component).contains(xref.group(1))) {
                broken.add(component + ": <<" + xref.group(1) + ">> (no such id)");
            }
        }
        assertThat(broken).isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(15);
    }

    @Test
    void theReadmeStaysShort() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(210);
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), COMPONENT_PAGE));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The ids a link may name: explicit AsciiDoc ids, or GitHub's slugs of Markdown headings. */
    private static List<String> anchors(Path page) throws IOException {
        List<String> anchors = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (!code && page.toString().endsWith(".md") && line.matches("^#{1,6} .*")) {
                anchors.add(line.replaceFirst("^#+ ", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            } else if (line.matches("^\\[#[\\w-]+]$")) {
                anchors.add(line.substring(2, line.length() - 1));
            }
        }
        return anchors;
    }
}
