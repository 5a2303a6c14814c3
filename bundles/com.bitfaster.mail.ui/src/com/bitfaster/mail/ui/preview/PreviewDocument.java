package com.bitfaster.mail.ui.preview;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Turns a mail's HTML into the document a preview shows: scripts, frames, forms, plug-ins and event handlers removed,
 * {@code cid:} images inlined as data URIs, and a Content-Security-Policy that lets no script run and, unless remote
 * content is allowed, nothing load from the network (images, style sheets, fonts, tracking pixels). The engine runs
 * with JavaScript off as well: the policy is the second lock, for what cleaning misses.
 */
public final class PreviewDocument {

	/** The policy while remote content is blocked: inline styles and data: images only. */
	public static final String CSP_BLOCKED = "default-src 'none'; img-src data:; style-src 'unsafe-inline' data:; font-src data:"; //$NON-NLS-1$
	/** The policy once the user loads remote content: images, styles and fonts over the network, still no script. */
	public static final String CSP_REMOTE = "default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline' data: http: https:; font-src data: http: https:"; //$NON-NLS-1$

	private static final String[] REMOVED = { "script", "noscript", "iframe", "frame", "frameset", "object", "embed", //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$
			"applet", "base", "form", "portal", "meta[http-equiv]" }; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$

	private PreviewDocument() {
	}

	/**
	 * @param html          the mail's HTML body
	 * @param inline        the message's inline parts by Content-ID
	 * @param allowRemote   whether images, styles and fonts may load from the network
	 * @return the cleaned HTML document to render
	 */
	public static String of(String html, Map<String, MailContent.InlinePart> inline, boolean allowRemote) {
		Document document = Jsoup.parse(html == null ? "" : html); //$NON-NLS-1$
		for (String selector : REMOVED) {
			document.select(selector).remove();
		}
		for (Element element : document.getAllElements()) {
			for (Attribute attribute : element.attributes().asList()) {
				String name = attribute.getKey().toLowerCase(Locale.ROOT);
				String value = attribute.getValue().trim().toLowerCase(Locale.ROOT);
				if (name.startsWith("on") || value.startsWith("javascript:") || value.startsWith("vbscript:") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
						|| name.equals("target") || name.equals("formaction")) { //$NON-NLS-1$ //$NON-NLS-2$
					element.removeAttr(attribute.getKey());
				}
			}
		}
		for (Element image : document.select("[src^=cid:], [background^=cid:]")) { //$NON-NLS-1$
			for (String name : new String[] { "src", "background" }) { //$NON-NLS-1$ //$NON-NLS-2$
				String value = image.attr(name);
				if (value.regionMatches(true, 0, "cid:", 0, 4)) { //$NON-NLS-1$
					MailContent.InlinePart part = inline.get(value.substring(4));
					image.attr(name, part == null ? "" //$NON-NLS-1$
							: "data:" + part.mimeType() + ";base64," + Base64.getEncoder().encodeToString(part.bytes())); //$NON-NLS-1$ //$NON-NLS-2$
				}
			}
		}
		Element policy = document.head().prependElement("meta"); //$NON-NLS-1$
		policy.attr("http-equiv", "Content-Security-Policy"); //$NON-NLS-1$ //$NON-NLS-2$
		policy.attr("content", allowRemote ? CSP_REMOTE : CSP_BLOCKED); //$NON-NLS-1$
		document.head().prependElement("meta").attr("charset", "utf-8"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		return document.outerHtml();
	}
}
