// Throughput benchmark driver. throughput.sh compiles it and also packs it as a bundle (throughput-bundle.MF):
//   java -cp CLASSES:OSGI Throughput service PORT MESSAGES CONNECTIONS PRODUCT_DIR BUNDLE_JAR [senders]
//       our SenderService through one server: the product's own service, in the product's OSGi runtime, driven
//       through the public API (com.bitfaster.mail.core) by the Probe below, installed there from BUNDLE_JAR;
//       with "senders", each message has its own From and so its own envelope sender (MAIL FROM)
//   java -cp CLASSES:MAIL Throughput naive PORT MESSAGES      the naive loop: one Transport.send per message
// Only Naive and Probe touch Jakarta Mail: with no mail jars on its class path, the service run's Jakarta Mail finds
// Angus through the OSGi resource locator, as in the product.
// Sends the messages twice (a cold round, then a warm one) and prints one line:
// "<messages> <cold seconds> <warm seconds> <accepted in the warm round>".
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.adaptor.EclipseStarter;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import com.bitfaster.mail.core.MailServer;
import com.bitfaster.mail.core.SendResult;
import com.bitfaster.mail.core.SenderService;
import com.bitfaster.mail.core.ServerLimits;
import com.bitfaster.mail.core.ServerRegistry;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

public class Throughput {

	public static void main(String[] args) throws Exception {
		if (args[0].equals("naive")) {
			System.out.println(Naive.run(Integer.parseInt(args[1]), Integer.parseInt(args[2])));
		} else if (args[0].equals("sigrate")) {
			System.out.println(SignatureRate.run(Double.parseDouble(args[1])));
		} else {
			System.out.println(inProduct(args[1], args[2], args[3], Path.of(args[4]), Path.of(args[5]),
					args.length > 6 && args[6].equals("senders")));
		}
	}

	/**
	 * Starts the product's OSGi runtime as its command line does (its configuration, a throwaway workspace), installs
	 * this benchmark as a bundle and asks its Probe to send.
	 */
	@SuppressWarnings("unchecked")
	private static String inProduct(String port, String count, String connections, Path product, Path bundle,
			boolean senders) throws Exception {
		Path work = Files.createTempDirectory("bitfaster-throughput-");
		System.setProperty("osgi.install.area", product.toUri().toString());
		System.setProperty("osgi.configuration.cascaded", "true");
		System.setProperty("osgi.sharedConfiguration.area", product.resolve("configuration").toUri().toString());
		System.setProperty("bitfaster.localserver.autostart", "false");
		System.setProperty("java.awt.headless", "true");
		try {
			BundleContext context = EclipseStarter.startup(new String[] { "-configuration", work.resolve("configuration").toString(),
					"-data", work.resolve("data").toString(), "-eclipse.keyring", work.resolve("secure_storage").toString() }, null);
			context.installBundle(bundle.toUri().toString()).start();
			ServiceReference<?> probe = context.getServiceReferences(Function.class.getName(), "(bitfaster.bench=throughput)")[0];
			return ((Function<String[], String>) context.getService(probe))
					.apply(new String[] { port, count, connections, Boolean.toString(senders) });
		} finally {
			EclipseStarter.shutdown();
			try (Stream<Path> files = Files.walk(work)) {
				for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(p);
				}
			} catch (IOException e) {
				// a leftover temporary folder is harmless
			}
		}
	}

	/**
	 * The machine's DKIM signature rate with the JDK, the limit of signed throughput: one private-key operation per
	 * message, on every core at once (one thread per core), over data the size of a message's signed headers. Prints
	 * "RSA_PER_SECOND ED25519_PER_SECOND".
	 */
	static final class SignatureRate {

		static String run(double seconds) throws Exception {
			int cores = Runtime.getRuntime().availableProcessors();
			java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
			rsa.initialize(2048);
			java.security.PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
			java.security.PrivateKey edKey = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
			byte[] headers = "from:Bench <bench@bitfaster.test>\r\n".repeat(16).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			StringBuilder out = new StringBuilder();
			for (boolean isRsa : new boolean[] { true, false }) {
				rate(cores, seconds / 4, isRsa ? rsaKey : edKey, isRsa, headers); // warm-up: the JIT
				out.append(out.length() > 0 ? " " : "").append(String.format("%.0f", rate(cores, seconds, isRsa ? rsaKey : edKey, isRsa, headers)));
			}
			return out.toString();
		}

		private static double rate(int cores, double seconds, java.security.PrivateKey key, boolean isRsa, byte[] headers)
				throws Exception {
			java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
			long end = System.nanoTime() + (long) (seconds * 1e9);
			List<Thread> threads = new ArrayList<>();
			long start = System.nanoTime();
			for (int i = 0; i < cores; i++) {
				Thread t = new Thread(() -> {
					try {
						java.security.Signature s = java.security.Signature.getInstance(isRsa ? "SHA256withRSA" : "Ed25519");
						java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
						long n = 0;
						while (System.nanoTime() < end) {
							s.initSign(key);
							// As the signer does: RSA over the data, Ed25519 over its SHA-256 (RFC 8463).
							s.update(isRsa ? headers : sha.digest(headers));
							s.sign();
							n++;
						}
						done.addAndGet(n);
					} catch (Exception e) {
						throw new IllegalStateException(e);
					}
				});
				t.start();
				threads.add(t);
			}
			for (Thread t : threads) {
				t.join();
			}
			return done.get() / ((System.nanoTime() - start) / 1e9);
		}
	}

	/** The deliberately naive baseline the sender service is compared with: a connection per message. */
	static final class Naive {

		static String run(int port, int count) throws Exception {
			Properties props = new Properties();
			props.put("mail.smtp.host", "127.0.0.1");
			props.put("mail.smtp.port", Integer.toString(port));
			List<MimeMessage> messages = messages(Session.getInstance(props), count, false);
			StringBuilder line = new StringBuilder().append(count);
			long accepted = 0;
			for (int round = 0; round < 2; round++) {
				long start = System.nanoTime();
				accepted = 0;
				for (MimeMessage m : messages) {
					Transport.send(m);
					accepted++;
				}
				line.append(String.format(" %.3f", (System.nanoTime() - start) / 1e9));
			}
			return line.append(' ').append(accepted).toString();
		}

		/** 5 KB of text each, one recipient each; with {@code senders}, each from its own address. */
		static List<MimeMessage> messages(Session session, int count, boolean senders) throws Exception {
			List<MimeMessage> messages = new ArrayList<>(count);
			String body = "x".repeat(76) + "\r\n";
			String text = body.repeat(5120 / body.length());
			for (int i = 0; i < count; i++) {
				MimeMessage m = new MimeMessage(session);
				m.setFrom(new InternetAddress(senders ? "bench" + i + "@bitfaster.test" : "bench@bitfaster.test"));
				m.setRecipient(Message.RecipientType.TO, new InternetAddress("r" + i + "@example.test"));
				m.setSubject("Benchmark " + i);
				m.setText(text, "US-ASCII");
				m.saveChanges();
				messages.add(m);
			}
			return messages;
		}
	}

	/**
	 * The benchmark inside the product: sends through the product's SenderService and ServerRegistry, the services the
	 * workbench and the command line use, through the public API only.
	 */
	public static final class Probe implements BundleActivator, Function<String[], String> {

		private BundleContext context;

		@Override
		public void start(BundleContext bundleContext) {
			context = bundleContext;
			Dictionary<String, Object> properties = new Hashtable<>();
			properties.put("bitfaster.bench", "throughput");
			context.registerService(Function.class, this, properties);
		}

		@Override
		public void stop(BundleContext bundleContext) {
			context = null;
		}

		/** @param args PORT, MESSAGES, CONNECTIONS, whether each message has its own sender */
		@Override
		public String apply(String[] args) {
			int count = Integer.parseInt(args[1]);
			try {
				List<MimeMessage> messages = Naive.messages(Session.getInstance(new Properties()), count,
						Boolean.parseBoolean(args[3]));
				MailServer server = service(ServerRegistry.class).add(MailServer.builder().name("sink").host("127.0.0.1")
						.port(Integer.parseInt(args[0])).encryption("none")
						.limits(new ServerLimits(Integer.parseInt(args[2]), 0, 0)).build(), null);
				SenderService sender = service(SenderService.class);
				String dkim = System.getProperty("bench.dkim", "none");
				if (!dkim.equals("none")) {
					// A key for the messages' From domain: the product's signer then signs each message as it is sent.
					com.bitfaster.mail.dkim.DkimKeys keys = service(com.bitfaster.mail.dkim.DkimKeys.class);
					keys.generate("bitfaster.test", "bench", dkim.equals("rsa") ? com.bitfaster.mail.dkim.DkimKey.Algorithm.RSA_SHA256
							: com.bitfaster.mail.dkim.DkimKey.Algorithm.ED25519_SHA256);
				}
				// The first round (cold) includes the JIT compiling the send path, the second (warm) is the steady
				// state. Both are printed; the ratios use the warm round.
				StringBuilder line = new StringBuilder().append(count);
				long accepted = 0;
				for (int round = 0; round < 2; round++) {
					long start = System.nanoTime();
					List<SendResult> results = sender.sendAll(messages, List.of(server), null, new NullProgressMonitor());
					accepted = results.stream().filter(SendResult::allAccepted).count();
					line.append(String.format(" %.3f", (System.nanoTime() - start) / 1e9));
				}
				return line.append(' ').append(accepted).toString();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}

		/** Waits for a Declarative Services component of the product, as the command line does. */
		private <T> T service(Class<T> type) throws InterruptedException {
			ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
			tracker.open();
			T service = tracker.waitForService(30_000);
			if (service == null) {
				throw new IllegalStateException(type.getSimpleName() + " is not available in the product");
			}
			return service;
		}
	}
}
