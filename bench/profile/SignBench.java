import java.security.*;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
/**
 * Sign and verify costs of ES256 (P-256) and RS256 (RSA-2048) per JCA provider: the JDK's, BouncyCastle (what mcpauth
 * pins for EC keys), and, when their jars are on the class path, Amazon Corretto Crypto Provider (AWS-LC) and Conscrypt
 * (BoringSSL). Keys are translated into each provider once, as a signer that keeps its key would hold them.
 *
 * <pre>
 * mvn -q dependency:get -Dartifact=software.amazon.cryptools:AmazonCorrettoCryptoProvider:2.5.0:jar:linux-x86_64
 * mvn -q dependency:get -Dartifact=org.conscrypt:conscrypt-openjdk-uber:2.5.2
 * M=~/.m2/repository
 * taskset -c 1 java -cp $M/org/bouncycastle/bcprov-jdk18on/1.87/bcprov-jdk18on-1.87.jar:\
 *   $M/software/amazon/cryptools/AmazonCorrettoCryptoProvider/2.5.0/AmazonCorrettoCryptoProvider-2.5.0-linux-x86_64.jar:\
 *   $M/org/conscrypt/conscrypt-openjdk-uber/2.5.2/conscrypt-openjdk-uber-2.5.2.jar bench/profile/SignBench.java
 * </pre>
 */
public class SignBench {
  public static void main(String[] a) throws Exception {
    Map<String, Provider> ps = new LinkedHashMap<>();
    ps.put("JDK", null);
    ps.put("BC", (Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider").getConstructor().newInstance());
    try { ps.put("ACCP", (Provider) Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider").getField("INSTANCE").get(null)); } catch (Throwable t) { System.out.println("ACCP: " + t); }
    try { ps.put("Conscrypt", (Provider) Class.forName("org.conscrypt.Conscrypt").getMethod("newProvider").invoke(null)); } catch (Throwable t) { System.out.println("Conscrypt: " + t); }
    byte[] msg = new byte[300]; new SecureRandom().nextBytes(msg);
    for (String alg : new String[]{"EC", "RSA"}) {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      if (alg.equals("EC")) g.initialize(new ECGenParameterSpec("secp256r1")); else g.initialize(2048);
      KeyPair kp = g.generateKeyPair();
      String sa = alg.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      for (var e : ps.entrySet()) {
        Provider p = e.getValue();
        try {
          PrivateKey priv = kp.getPrivate(); PublicKey pub = kp.getPublic();
          if (p != null) { KeyFactory kf = KeyFactory.getInstance(alg, p); priv = (PrivateKey) kf.translateKey(priv); pub = (PublicKey) kf.translateKey(pub); }
          double[] res = null;
          for (int round = 0; round < 4; round++) {
            int n = alg.equals("EC") ? 3000 : 600; byte[] sig = null;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { Signature s = p == null ? Signature.getInstance(sa) : Signature.getInstance(sa, p); s.initSign(priv); s.update(msg); sig = s.sign(); }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) { Signature s = p == null ? Signature.getInstance(sa) : Signature.getInstance(sa, p); s.initVerify(pub); s.update(msg); if (!s.verify(sig)) throw new RuntimeException(); }
            long t2 = System.nanoTime();
            res = new double[]{(t1-t0)/1e3/n, (t2-t1)/1e3/n};
          }
          System.out.printf("%-16s %-10s sign %7.0f us   verify %7.0f us%n", sa, e.getKey(), res[0], res[1]);
        } catch (Throwable t) { System.out.println(sa + " " + e.getKey() + ": " + t); }
      }
    }
  }
}
