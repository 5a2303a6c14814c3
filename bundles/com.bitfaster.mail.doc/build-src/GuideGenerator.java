import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Builds the user guide (HTML topics and toc.xml for the Eclipse help system) from README.md, so README and guide
 * share one source; the command reference comes along, README's copy being generated from the CLI's declarations.
 * Run by the doc bundle's build: {@code java -cp commonmark.jar:tables.jar GuideGenerator.java PAGES README OUT}.
 * PAGES has one line per page, {@code file|Title|selector;selector...}; a selector is {@code section:HEADING}
 * (a level-2 README section whose heading starts so, with its subsections and without generated blocks) or
 * {@code block:NAME} (the text between {@code <!-- NAME:start -->} and {@code <!-- NAME:end -->}) or {@code file:PATH}
 * (a Markdown file of the repository, such as the ledger's format). A selector that matches nothing fails the build, so
 * renaming a README section cannot silently empty a page. Links between repository files work inside help too: one to
 * a file that is a page goes to the page, one to an image copies the image into the guide, any other becomes its text.
 */
public class GuideGenerator {

	private static final Pattern BLOCK = Pattern.compile("(?s)<!-- ([a-z-]+):start -->(.*?)<!-- \\1:end -->");
	/** A link or image to a path of the repository (not a web address, not an anchor of the page). */
	private static final Pattern RELATIVE = Pattern.compile("<a href=\"([^\"#:]+)(#[^\"]*)?\">(.*?)</a>|(<img src=\")([^\":]+)(\")");

	public static void main(String[] args) throws IOException {
		Path pages = Path.of(args[0]);
		String readme = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
		Path out = Path.of(args[2]);
		Path repository = Path.of(args[1]).toAbsolutePath().getParent();
		Map<String, String> sections = sections(readme);
		Map<String, String> blocks = new LinkedHashMap<>();
		Matcher m = BLOCK.matcher(readme);
		while (m.find()) {
			blocks.put(m.group(1), m.group(2));
		}
		var extensions = List.of(TablesExtension.create());
		Parser parser = Parser.builder().extensions(extensions).build();
		HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions).build();

		deleteTree(out);
		Files.createDirectories(out);
		StringBuilder toc = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?NLS TYPE=\"org.eclipse.help.toc\"?>\n");
		toc.append("<!-- Generated from README.md by build-src/GuideGenerator.java; do not edit. -->\n");
		List<String[]> entries = new ArrayList<>();
		List<String[]> lines = new ArrayList<>();
		// Repository files that are pages of their own: a link to one goes to its page.
		Map<String, String> filePages = new LinkedHashMap<>();
		for (String line : Files.readAllLines(pages, StandardCharsets.UTF_8)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				String[] f = line.split("\\|", 3);
				lines.add(f);
				if (f[2].startsWith("file:") && !f[2].contains(";")) {
					filePages.put(f[2].substring(5).trim(), f[0] + ".html");
				}
			}
		}
		for (String[] f : lines) {
			StringBuilder markdown = new StringBuilder();
			for (String selector : f[2].split(";")) {
				Path file = selector.startsWith("file:") ? repository.resolve(selector.substring(5).trim()) : null;
				String text = selector.startsWith("section:") ? find(sections, selector.substring(8).trim())
						: selector.startsWith("block:") ? blocks.get(selector.substring(6).trim())
						: file != null && Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
				if (text == null) {
					throw new IllegalStateException("README.md has nothing for '" + selector + "' (page " + f[0] + ")");
				}
				markdown.append(BLOCK.matcher(text).replaceAll(
						"(The command reference is in the guide's page \"The command line\".)")).append("\n\n");
			}
			// A page made of one README section already starts with its heading: no second title then.
			String body = repositoryLinks(renderer.render(parser.parse(markdown.toString())), repository, filePages, out);
			String title = body.startsWith("<h2>" + escape(f[1]) + "</h2>") || body.startsWith("<h1>") ? ""
					: "<h1>" + escape(f[1]) + "</h1>\n";
			String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>" + escape(f[1])
					+ "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:1em}pre{background:#f4f4f4;"
					+ "padding:.5em;overflow:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
					+ "padding:2px 6px}</style></head>\n<body>\n<!-- Generated from README.md; do not edit. -->\n" + title
					+ body + "</body></html>\n";
			Files.writeString(out.resolve(f[0] + ".html"), html, StandardCharsets.UTF_8);
			entries.add(f);
		}
		toc.append("<toc label=\"BitFaster Workbench User Guide\" topic=\"guide/").append(entries.get(0)[0])
				.append(".html\">\n");
		for (String[] f : entries) {
			toc.append("   <topic label=\"").append(escape(f[1])).append("\" href=\"guide/").append(f[0])
					.append(".html\"/>\n");
		}
		toc.append("</toc>\n");
		Files.writeString(out.resolve("toc.xml"), toc, StandardCharsets.UTF_8);
		System.out.println("GuideGenerator: " + entries.size() + " pages in " + out);
	}

	/** Links and images to repository files, made to work inside help (see the class comment). */
	private static String repositoryLinks(String html, Path repository, Map<String, String> filePages, Path out)
			throws IOException {
		Matcher m = RELATIVE.matcher(html);
		StringBuilder result = new StringBuilder();
		while (m.find()) {
			String replacement;
			if (m.group(1) != null) {
				String page = filePages.get(m.group(1));
				replacement = page != null ? "<a href=\"" + page + (m.group(2) == null ? "" : m.group(2)) + "\">" + m.group(3) + "</a>"
						: m.group(3);
			} else {
				Path image = repository.resolve(m.group(5)).normalize();
				if (!image.startsWith(repository) || !Files.isRegularFile(image)) {
					throw new IllegalStateException("README.md shows an image that is not in the repository: " + m.group(5));
				}
				Path copy = out.resolve("images").resolve(image.getFileName().toString());
				Files.createDirectories(copy.getParent());
				Files.copy(image, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
				replacement = m.group(4) + "images/" + image.getFileName() + m.group(6);
			}
			m.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		m.appendTail(result);
		return result.toString();
	}

	/** Level-2 sections by heading, each up to the next level-2 heading outside a fenced code block. */
	private static Map<String, String> sections(String readme) {
		Map<String, String> result = new LinkedHashMap<>();
		String heading = null;
		StringBuilder text = new StringBuilder();
		boolean fenced = false;
		for (String line : readme.split("\n", -1)) {
			if (line.startsWith("```")) {
				fenced = !fenced;
			}
			if (!fenced && line.startsWith("## ")) {
				if (heading != null) {
					result.put(heading, text.toString());
				}
				heading = line.substring(3).trim();
				text.setLength(0);
			}
			if (heading != null) {
				text.append(line).append('\n');
			}
		}
		if (heading != null) {
			result.put(heading, text.toString());
		}
		return result;
	}

	private static String find(Map<String, String> sections, String prefix) {
		return sections.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
				.findFirst().orElse(null);
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static void deleteTree(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (var walk = Files.walk(dir)) {
				for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
	}
}
