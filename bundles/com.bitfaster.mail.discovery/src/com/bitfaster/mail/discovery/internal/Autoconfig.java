package com.bitfaster.mail.discovery.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads Thunderbird's autoconfig format (config-v1.1.xml): each {@code outgoingServer type="smtp"} of the
 * {@code emailProvider} becomes a candidate, with the placeholders {@code %EMAILADDRESS%}, {@code %EMAILLOCALPART%}
 * and {@code %EMAILDOMAIN%} filled in. The parser reads no DTD and no external entity.
 */
final class Autoconfig {

	private static final Pattern HOST = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)+\\.?"); //$NON-NLS-1$

	private Autoconfig() {
	}

	/**
	 * @return the SMTP candidates in the document's order, implicit TLS before STARTTLS before plain (a stable sort)
	 * @throws IOException when the document is not autoconfig XML
	 */
	static List<Candidate> parse(byte[] xml, String source, String localPart, String domain) throws IOException {
		Document doc;
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); //$NON-NLS-1$
			f.setFeature("http://xml.org/sax/features/external-general-entities", false); //$NON-NLS-1$
			f.setFeature("http://xml.org/sax/features/external-parameter-entities", false); //$NON-NLS-1$
			f.setXIncludeAware(false);
			f.setExpandEntityReferences(false);
			DocumentBuilder b = f.newDocumentBuilder();
			b.setErrorHandler(null);
			doc = b.parse(new ByteArrayInputStream(xml));
		} catch (ParserConfigurationException | SAXException e) {
			throw new IOException("not autoconfig XML: " + e.getMessage(), e); //$NON-NLS-1$
		}
		Element root = doc.getDocumentElement();
		if (!"clientConfig".equals(root.getTagName())) { //$NON-NLS-1$
			throw new IOException("not autoconfig XML: the root is <" + root.getTagName() + ">"); //$NON-NLS-1$ //$NON-NLS-2$
		}
		String address = localPart + "@" + domain; //$NON-NLS-1$
		List<Candidate> list = new ArrayList<>();
		NodeList servers = root.getElementsByTagName("outgoingServer"); //$NON-NLS-1$
		for (int i = 0; i < servers.getLength(); i++) {
			Element s = (Element) servers.item(i);
			if (!"smtp".equalsIgnoreCase(s.getAttribute("type"))) { //$NON-NLS-1$ //$NON-NLS-2$
				continue;
			}
			String host = fill(text(s, "hostname"), localPart, domain, address).toLowerCase(Locale.ROOT); //$NON-NLS-1$
			int port;
			try {
				port = Integer.parseInt(text(s, "port")); //$NON-NLS-1$
			} catch (NumberFormatException e) {
				continue;
			}
			if (!HOST.matcher(host).matches() || port < 1 || port > 65535) {
				continue;
			}
			String socketType = text(s, "socketType").toUpperCase(Locale.ROOT); //$NON-NLS-1$
			Candidate.Mode mode = switch (socketType) {
			case "SSL" -> Candidate.Mode.SSL; //$NON-NLS-1$
			case "STARTTLS" -> Candidate.Mode.STARTTLS; //$NON-NLS-1$
			default -> Candidate.Mode.PLAIN;
			};
			List<String> auth = new ArrayList<>();
			for (Node n = s.getFirstChild(); n != null; n = n.getNextSibling()) {
				if (n instanceof Element e && "authentication".equals(e.getTagName())) { //$NON-NLS-1$
					auth.add(e.getTextContent().trim());
				}
			}
			String user = fill(text(s, "username"), localPart, domain, address); //$NON-NLS-1$
			list.add(new Candidate(host.endsWith(".") ? host.substring(0, host.length() - 1) : host, port, mode, //$NON-NLS-1$
					source, user, auth));
		}
		list.sort(Comparator.comparingInt(c -> c.mode().ordinal()));
		return list;
	}

	private static String text(Element parent, String child) {
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && child.equals(e.getTagName())) {
				return e.getTextContent().trim();
			}
		}
		return ""; //$NON-NLS-1$
	}

	private static String fill(String template, String localPart, String domain, String address) {
		return template.replace("%EMAILADDRESS%", address).replace("%EMAILLOCALPART%", localPart) //$NON-NLS-1$ //$NON-NLS-2$
				.replace("%EMAILDOMAIN%", domain); //$NON-NLS-1$
	}
}
