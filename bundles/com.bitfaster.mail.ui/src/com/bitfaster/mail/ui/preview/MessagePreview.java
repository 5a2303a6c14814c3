package com.bitfaster.mail.ui.preview;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTError;
import org.eclipse.swt.browser.Browser;
import org.eclipse.swt.browser.LocationEvent;
import org.eclipse.swt.browser.LocationListener;
import org.eclipse.swt.browser.ProgressListener;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Layout;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import com.bitfaster.mail.ui.internal.Messages;

/**
 * Shows a mail as its recipient will see it, safely: tabs Rendered (the HTML body in the SWT Browser, JavaScript off,
 * cleaned by {@link PreviewDocument}, remote content blocked until the user flips the "Load remote content" switch,
 * which resets for every message; links open in the system browser, never inside), Text, Headers and Source. A
 * phone / desktop switch sets the rendered width. Where no browser engine can start, the Rendered tab shows the HTML
 * source and one line saying why.
 */
public final class MessagePreview extends Composite {

	/** The width of the phone preview in CSS pixels (a common phone's viewport). */
	public static final int PHONE_WIDTH = 375;

	private final Button remoteSwitch;
	private final Button phone;
	private final Button desktop;
	private final CTabFolder tabs;
	private final Composite stage;
	private final Browser browser;
	private final Text htmlFallback;
	private final Text text;
	private final Table headers;
	private final Text source;
	private Consumer<String> linkHandler = Program::launch;
	private MailContent content = MailContent.of(new byte[0]);
	private boolean remoteAllowed;
	private boolean phoneWidth;
	private String document = ""; //$NON-NLS-1$
	private List<String> shownDraft;
	private boolean renderComplete = true;

	public MessagePreview(Composite parent, int style) {
		super(parent, style);
		GridLayoutFactory.fillDefaults().applyTo(this);

		Composite bar = new Composite(this, SWT.NONE);
		GridLayoutFactory.fillDefaults().numColumns(4).margins(2, 2).applyTo(bar);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
		remoteSwitch = new Button(bar, SWT.CHECK);
		remoteSwitch.setText(Messages.Preview_loadRemote);
		remoteSwitch.setToolTipText(Messages.Preview_loadRemoteTooltip);
		remoteSwitch.addListener(SWT.Selection, e -> setRemoteContentAllowed(remoteSwitch.getSelection()));
		GridDataFactory.fillDefaults().grab(true, false).applyTo(remoteSwitch);
		new Label(bar, SWT.NONE).setText(Messages.Preview_width);
		phone = new Button(bar, SWT.RADIO);
		phone.setText(Messages.Preview_phone);
		desktop = new Button(bar, SWT.RADIO);
		desktop.setText(Messages.Preview_desktop);
		desktop.setSelection(true);
		phone.addListener(SWT.Selection, e -> setPhoneWidth(phone.getSelection()));

		tabs = new CTabFolder(this, SWT.BORDER | SWT.BOTTOM);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(tabs);
		stage = new Composite(tabs, SWT.NONE);
		Browser created = null;
		String reason = null;
		try {
			created = new Browser(stage, SWT.NONE);
			created.setJavascriptEnabled(false);
			created.addProgressListener(ProgressListener.completedAdapter(e -> renderComplete = true));
			created.addLocationListener(LocationListener.changingAdapter(this::leaveInside));
			// A link that asks for a new window goes where every other link goes.
			created.addOpenWindowListener(e -> e.required = true);
		} catch (SWTError e) {
			reason = e.getMessage();
		}
		browser = created;
		if (browser == null) {
			stage.setLayout(new FillLayout(SWT.VERTICAL));
			Label why = new Label(stage, SWT.WRAP);
			why.setText(NLS.bind(Messages.Preview_noBrowser, reason));
			htmlFallback = new Text(stage, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
			remoteSwitch.setEnabled(false);
		} else {
			htmlFallback = null;
			stage.setLayout(new StageLayout());
		}
		tab(Messages.Preview_rendered, stage);
		text = new Text(tabs, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
		tab(Messages.Preview_text, text);
		headers = new Table(tabs, SWT.FULL_SELECTION | SWT.V_SCROLL);
		headers.setHeaderVisible(true);
		new TableColumn(headers, SWT.NONE).setText(Messages.Preview_headerName);
		new TableColumn(headers, SWT.NONE).setText(Messages.Preview_headerValue);
		tab(Messages.Preview_headers, headers);
		source = new Text(tabs, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
		tab(Messages.Preview_source, source);
		tabs.setSelection(0);
	}

	private void tab(String title, Control control) {
		CTabItem item = new CTabItem(tabs, SWT.NONE);
		item.setText(title);
		item.setControl(control);
	}

	/** Shows a message; the remote content switch goes back to blocked. */
	public void setMessage(MimeMessage message) {
		shownDraft = null;
		show(MailContent.of(message));
	}

	/** Shows a message given as its raw RFC 5322 bytes; the remote content switch goes back to blocked. */
	public void setMessage(byte[] raw) {
		shownDraft = null;
		show(MailContent.of(raw));
	}

	/**
	 * Shows a message being written: subject, text and HTML bodies (either may be empty). Shown again only when it
	 * changed, so the remote content switch stays while the user types elsewhere.
	 */
	public void setDraft(String subject, String textBody, String htmlBody) {
		checkWidget();
		List<String> draft = Arrays.asList(subject, textBody, htmlBody);
		if (draft.equals(shownDraft)) {
			return;
		}
		shownDraft = draft;
		try {
			MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
			message.setSubject(subject == null ? "" : subject, StandardCharsets.UTF_8.name()); //$NON-NLS-1$
			boolean hasText = textBody != null && !textBody.isEmpty();
			boolean hasHtml = htmlBody != null && !htmlBody.isEmpty();
			if (hasText && hasHtml) {
				MimeMultipart alternative = new MimeMultipart("alternative"); //$NON-NLS-1$
				MimeBodyPart textPart = new MimeBodyPart();
				textPart.setText(textBody, StandardCharsets.UTF_8.name());
				alternative.addBodyPart(textPart);
				MimeBodyPart htmlPart = new MimeBodyPart();
				htmlPart.setText(htmlBody, StandardCharsets.UTF_8.name(), "html"); //$NON-NLS-1$
				alternative.addBodyPart(htmlPart);
				message.setContent(alternative);
			} else if (hasHtml) {
				message.setText(htmlBody, StandardCharsets.UTF_8.name(), "html"); //$NON-NLS-1$
			} else {
				message.setText(hasText ? textBody : "", StandardCharsets.UTF_8.name()); //$NON-NLS-1$
			}
			message.saveChanges();
			show(MailContent.of(message));
		} catch (MessagingException e) {
			show(new MailContent(List.of(), "", textBody, htmlBody, Map.of(), e.getMessage())); //$NON-NLS-1$
		}
	}

	/** @return the text part of the message shown, as sent, or "" */
	public String textPart() {
		return content.text() == null ? "" : content.text(); //$NON-NLS-1$
	}

	/** @return the HTML part of the message shown, as sent (before cleaning), or "" */
	public String htmlPart() {
		return content.html() == null ? "" : content.html(); //$NON-NLS-1$
	}

	private void show(MailContent shown) {
		checkWidget();
		content = shown;
		remoteAllowed = false;
		remoteSwitch.setSelection(false);
		text.setText(shown.text() == null ? Messages.Preview_noText : shown.text());
		headers.removeAll();
		for (Map.Entry<String, String> header : shown.headers()) {
			new TableItem(headers, SWT.NONE).setText(new String[] { header.getKey(), header.getValue() });
		}
		for (TableColumn column : headers.getColumns()) {
			column.pack();
		}
		source.setText(shown.source());
		render();
	}

	/** Loads or blocks remote content (images, style sheets, fonts) for the message shown; as the switch does. */
	public void setRemoteContentAllowed(boolean allowed) {
		checkWidget();
		remoteSwitch.setSelection(allowed);
		if (allowed != remoteAllowed) {
			remoteAllowed = allowed;
			render();
		}
	}

	public boolean isRemoteContentAllowed() {
		return remoteAllowed;
	}

	/** Renders at a phone's width, or at the full width of the view. */
	public void setPhoneWidth(boolean phoneWidth) {
		checkWidget();
		this.phoneWidth = phoneWidth;
		phone.setSelection(phoneWidth);
		desktop.setSelection(!phoneWidth);
		stage.layout(true);
	}

	public boolean isPhoneWidth() {
		return phoneWidth;
	}

	/** Where a clicked link goes; the system browser ({@link Program#launch(String)}) by default. */
	public void setLinkHandler(Consumer<String> handler) {
		linkHandler = handler == null ? Program::launch : handler;
	}

	/** @return the browser rendering the mail, empty where no engine is available */
	public Optional<Browser> browser() {
		return Optional.ofNullable(browser);
	}

	/** @return whether the browser finished loading the document last given to it */
	public boolean isRenderComplete() {
		return renderComplete;
	}

	/** @return the cleaned document last given to the browser */
	public String renderedDocument() {
		return document;
	}

	private void render() {
		String html = content.html();
		if (html == null) {
			String plain = content.text() == null ? "" : content.text(); //$NON-NLS-1$
			html = "<pre style=\"white-space:pre-wrap;font-family:sans-serif\">" //$NON-NLS-1$
					+ org.jsoup.nodes.Entities.escape(plain) + "</pre>"; //$NON-NLS-1$
		}
		document = PreviewDocument.of(html, content.inline(), remoteAllowed);
		if (browser != null) {
			renderComplete = false;
			browser.setText(document, true);
		} else {
			htmlFallback.setText(content.html() == null ? "" : content.html()); //$NON-NLS-1$
		}
	}

	private void leaveInside(LocationEvent event) {
		String location = event.location;
		if (location == null || location.startsWith("about:") || location.startsWith("data:")) { //$NON-NLS-1$ //$NON-NLS-2$
			return;
		}
		event.doit = false;
		if (location.startsWith("http:") || location.startsWith("https:") || location.startsWith("mailto:")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
			linkHandler.accept(location);
		}
	}

	/** Centres the browser at phone width, or fills the stage at desktop width. */
	private final class StageLayout extends Layout {
		@Override
		protected org.eclipse.swt.graphics.Point computeSize(Composite composite, int wHint, int hHint, boolean flush) {
			return new org.eclipse.swt.graphics.Point(wHint == SWT.DEFAULT ? PHONE_WIDTH : wHint,
					hHint == SWT.DEFAULT ? 200 : hHint);
		}

		@Override
		protected void layout(Composite composite, boolean flush) {
			Rectangle area = composite.getClientArea();
			int width = phoneWidth ? Math.min(PHONE_WIDTH, area.width) : area.width;
			browser.setBounds(area.x + (area.width - width) / 2, area.y, width, area.height);
		}
	}
}
