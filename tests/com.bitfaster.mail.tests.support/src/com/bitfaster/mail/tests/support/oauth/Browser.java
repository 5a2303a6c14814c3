package com.bitfaster.mail.tests.support.oauth;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plays the user's browser against Keycloak with java.net.http: follows redirects, keeps cookies and submits Keycloak's
 * forms (login, device user code, consent) the way a person would. No Keycloak internals, only its HTML.
 */
public final class Browser {

	private static final Pattern FORM = Pattern.compile("<form[^>]*\\baction=\"([^\"]*)\"[^>]*>(.*?)</form>", //$NON-NLS-1$
			Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
	private static final Pattern INPUT = Pattern.compile("<input([^>]*)>", Pattern.CASE_INSENSITIVE); //$NON-NLS-1$
	private static final Pattern ACCEPT_BUTTON = Pattern.compile("<button[^>]*\\bname=\"accept\"", //$NON-NLS-1$
			Pattern.CASE_INSENSITIVE);
	private static final Pattern ATTR = Pattern.compile("\\b(name|value|type)=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE); //$NON-NLS-1$

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
			.followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();

	/**
	 * Cookies as browsers keep them for http://127.0.0.1, which they treat as a secure context: Keycloak marks its
	 * session cookies Secure, and java.net's CookieManager would never send those back over http.
	 */
	private static final class LoopbackCookies extends CookieHandler {
		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		@Override
		public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
			return cookies.get(uri, headers);
		}

		@Override
		public void put(URI uri, Map<String, List<String>> headers) {
			headers.forEach((name, values) -> {
				if ("Set-Cookie".equalsIgnoreCase(name)) { //$NON-NLS-1$
					for (String value : values) {
						for (HttpCookie cookie : HttpCookie.parse(value)) {
							cookie.setSecure(false);
							cookies.getCookieStore().add(uri, cookie);
						}
					}
				}
			});
		}
	}

	/** The last page seen. */
	public record Page(URI uri, int status, String body) {
	}

	/**
	 * Opens {@code start} and submits every form Keycloak shows with these values (user name, password, user code) and
	 * consent granted, until a page without a form is reached (the redirect target, or a final message).
	 */
	public Page signIn(URI start, Map<String, String> fields) throws IOException, InterruptedException {
		Page page = get(start);
		for (int step = 0; step < 6; step++) {
			Matcher form = FORM.matcher(page.body());
			if (!form.find()) {
				return page;
			}
			URI action = page.uri().resolve(unescape(form.group(1)));
			Map<String, String> data = new LinkedHashMap<>();
			Matcher input = INPUT.matcher(form.group(2));
			while (input.find()) {
				Map<String, String> attrs = new LinkedHashMap<>();
				Matcher a = ATTR.matcher(input.group(1));
				while (a.find()) {
					attrs.put(a.group(1).toLowerCase(), unescape(a.group(2)));
				}
				String name = attrs.get("name"); //$NON-NLS-1$
				if (name == null || "cancel".equals(name)) { //$NON-NLS-1$
					continue;
				}
				if ("submit".equals(attrs.get("type")) && !"accept".equals(name)) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
					continue;
				}
				data.put(name, fields.getOrDefault(name, attrs.getOrDefault("value", ""))); //$NON-NLS-1$ //$NON-NLS-2$
			}
			if (ACCEPT_BUTTON.matcher(form.group(2)).find()) {
				// Keycloak's consent page: the user presses "Yes".
				data.put("accept", "Yes"); //$NON-NLS-1$ //$NON-NLS-2$
			}
			page = post(action, data);
		}
		throw new IOException("Still a form after 6 steps: " + page.uri()); //$NON-NLS-1$
	}

	public Page get(URI uri) throws IOException, InterruptedException {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		return new Page(r.uri(), r.statusCode(), r.body());
	}

	private Page post(URI uri, Map<String, String> data) throws IOException, InterruptedException {
		String body = data.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())) //$NON-NLS-1$
				.collect(Collectors.joining("&")); //$NON-NLS-1$
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
				.header("Content-Type", "application/x-www-form-urlencoded") //$NON-NLS-1$ //$NON-NLS-2$
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
		return new Page(r.uri(), r.statusCode(), r.body());
	}

	private static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	private static String unescape(String s) {
		return s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<") //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$ //$NON-NLS-6$ //$NON-NLS-7$ //$NON-NLS-8$
				.replace("&gt;", ">"); //$NON-NLS-1$ //$NON-NLS-2$
	}
}
