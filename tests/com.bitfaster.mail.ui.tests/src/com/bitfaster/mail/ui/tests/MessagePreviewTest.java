package com.bitfaster.mail.ui.tests;

import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.display;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.flush;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.screenshot;
import static com.bitfaster.mail.tests.support.ui.WorkbenchDriver.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.eclipse.swt.SWT;
import org.eclipse.swt.browser.Browser;
import org.eclipse.swt.browser.ProgressListener;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.bitfaster.mail.ui.preview.MessagePreview;
import com.sun.net.httpserver.HttpServer;

/**
 * The rendered preview in the real SWT Browser (WebKitGTK) against a loopback HTTP server that counts what it is
 * asked for: nothing while remote content is blocked (image, style sheet, font, script), no script runs, the image
 * once the user loads remote content, links go to the system browser's handler and never load inside.
 */
class MessagePreviewTest {

	/** A 1x1 red PNG. */
	private static final byte[] PNG = Base64.getDecoder().decode(
			"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="); //$NON-NLS-1$

	private HttpServer http;
	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
	private Shell shell;

	@BeforeEach
	void serve() throws IOException {
		http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		http.createContext("/", exchange -> { //$NON-NLS-1$
			requests.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
			byte[] body = exchange.getRequestURI().getPath().endsWith(".png") ? PNG : new byte[0]; //$NON-NLS-1$
			exchange.getResponseHeaders().add("Content-Type", body.length > 0 ? "image/png" : "text/plain"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		http.start();
	}

	@AfterEach
	void stop() {
		if (shell != null) {
			shell.dispose();
		}
		http.stop(0);
	}

	private int count(String path) {
		AtomicInteger n = requests.get(path);
		return n == null ? 0 : n.get();
	}

	private String base() {
		return "http://127.0.0.1:" + http.getAddress().getPort(); //$NON-NLS-1$
	}

	private MimeMessage message() throws Exception {
		String base = base();
		String html = "<html><head><title>before</title>" //$NON-NLS-1$
				+ "<link rel=\"stylesheet\" href=\"" + base + "/style.css\">" //$NON-NLS-1$ //$NON-NLS-2$
				+ "<style>@font-face{font-family:F;src:url(" + base + "/font.woff)} body{font-family:F}" //$NON-NLS-1$ //$NON-NLS-2$
				+ " .bg{background:url(" + base + "/background.png)}</style>" //$NON-NLS-1$ //$NON-NLS-2$
				+ "<script src=\"" + base + "/script.js\"></script>" //$NON-NLS-1$ //$NON-NLS-2$
				+ "<script>document.title='script ran';new Image().src='" + base + "/inline-script.png';</script>" //$NON-NLS-1$ //$NON-NLS-2$
				+ "</head><body onload=\"document.title='handler ran'\">" //$NON-NLS-1$
				+ "<h1 class=\"bg\">Hello Ann &lt;2&gt;</h1><p>Your order has shipped.</p>" //$NON-NLS-1$
				+ "<p><img alt=\"logo\" src=\"cid:logo@bitfaster\" width=\"40\" height=\"40\"> inline logo</p>" //$NON-NLS-1$
				+ "<p><img alt=\"remote\" src=\"" + base + "/pixel.png\" width=\"40\" height=\"40\"> remote image</p>" //$NON-NLS-1$ //$NON-NLS-2$
				+ "<p><a id=\"link\" href=\"" + base + "/link\">Track your order</a></p></body></html>"; //$NON-NLS-1$ //$NON-NLS-2$
		MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
		message.setFrom(new InternetAddress("shop@example.test")); //$NON-NLS-1$
		message.setRecipients(MimeMessage.RecipientType.TO, "ann@example.test"); //$NON-NLS-1$
		message.setSubject("Your order"); //$NON-NLS-1$
		MimeMultipart alternative = new MimeMultipart("alternative"); //$NON-NLS-1$
		MimeBodyPart text = new MimeBodyPart();
		text.setText("Hello Ann <2>, your order has shipped.", "UTF-8"); //$NON-NLS-1$ //$NON-NLS-2$
		alternative.addBodyPart(text);
		MimeMultipart related = new MimeMultipart("related"); //$NON-NLS-1$
		MimeBodyPart htmlPart = new MimeBodyPart();
		htmlPart.setText(html, "UTF-8", "html"); //$NON-NLS-1$ //$NON-NLS-2$
		related.addBodyPart(htmlPart);
		MimeBodyPart logo = new MimeBodyPart();
		logo.setDataHandler(new DataHandler(new ByteArrayDataSource(PNG, "image/png"))); //$NON-NLS-1$
		logo.setContentID("<logo@bitfaster>"); //$NON-NLS-1$
		logo.setDisposition(MimeBodyPart.INLINE);
		related.addBodyPart(logo);
		MimeBodyPart relatedPart = new MimeBodyPart();
		relatedPart.setContent(related);
		alternative.addBodyPart(relatedPart);
		message.setContent(alternative);
		message.saveChanges();
		return message;
	}

	@Test
	void blocksRemoteContentAndScriptsUntilTheSwitchThenLoadsTheImage() throws Exception {
		shell = new Shell(display());
		shell.setText("Preview"); //$NON-NLS-1$
		shell.setLayout(new FillLayout());
		shell.setSize(900, 640);
		MessagePreview preview = new MessagePreview(shell, SWT.NONE);
		List<String> links = new CopyOnWriteArrayList<>();
		preview.setLinkHandler(links::add);
		shell.open();
		Browser browser = preview.browser().orElseThrow(() -> new AssertionError(
				"no browser engine: the rendered preview needs WebKitGTK (libwebkit2gtk-4.1-0)")); //$NON-NLS-1$
		List<String> titles = new CopyOnWriteArrayList<>();
		browser.addTitleListener(e -> titles.add(e.title));
		AtomicInteger loads = new AtomicInteger();
		browser.addProgressListener(ProgressListener.completedAdapter(e -> loads.incrementAndGet()));

		preview.setMessage(message());
		waitUntil("the message is rendered", () -> loads.get() >= 1); //$NON-NLS-1$
		flush();
		assertFalse(preview.isRemoteContentAllowed());
		assertTrue(preview.renderedDocument().contains("data:image/png;base64,"), "the cid: image is inlined"); //$NON-NLS-1$ //$NON-NLS-2$
		assertFalse(preview.renderedDocument().contains("<script"), "scripts are removed"); //$NON-NLS-1$ //$NON-NLS-2$
		screenshot(shell, "preview-remote-blocked"); //$NON-NLS-1$
		assertEquals(Map.of(), Map.copyOf(requests), "nothing is fetched while remote content is blocked"); //$NON-NLS-1$

		preview.setRemoteContentAllowed(true);
		waitUntil(() -> "the remote image is fetched after the switch; requests: " + requests, //$NON-NLS-1$
				() -> count("/pixel.png") >= 1); //$NON-NLS-1$
		waitUntil("the document with remote content is rendered", () -> loads.get() >= 2); //$NON-NLS-1$
		screenshot(shell, "preview-remote-loaded"); //$NON-NLS-1$
		assertEquals(0, count("/script.js"), "a script is never fetched"); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals(0, count("/inline-script.png"), "an inline script never runs"); //$NON-NLS-1$ //$NON-NLS-2$
		List<String> changed = new ArrayList<>(titles);
		changed.removeIf(t -> !t.contains("ran")); //$NON-NLS-1$
		assertEquals(List.of(), changed, "neither the script nor the onload handler changed the title"); //$NON-NLS-1$

		// A link goes to the system browser's handler and the page stays.
		browser.setUrl(base() + "/link"); //$NON-NLS-1$
		waitUntil("the link goes to the link handler", () -> links.contains(base() + "/link")); //$NON-NLS-1$ //$NON-NLS-2$
		flush();
		assertEquals(0, count("/link"), "a link never loads inside the preview"); //$NON-NLS-1$ //$NON-NLS-2$

		// The switch resets for the next message.
		preview.setMessage(message());
		assertFalse(preview.isRemoteContentAllowed());
		assertTrue(preview.renderedDocument().contains("img-src data:;"), preview.renderedDocument()); //$NON-NLS-1$

		preview.setPhoneWidth(true);
		flush();
		assertEquals(MessagePreview.PHONE_WIDTH, browser.getSize().x, "the phone width"); //$NON-NLS-1$
	}
}
