package org.certsync.directory;

import org.certsync.FailureMessages;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Socket factory for LDAPS with the trust store from {@code certsync.ldap.trust-store}. JNDI instantiates
 * it by class name through a static {@code getDefault()}, hence the static configuration.
 */
public class DirectoryTrust extends SSLSocketFactory {

    private static volatile SSLSocketFactory delegate;

    static synchronized void configure(String trustStore, String password) {
        try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
            KeyStore keyStore = KeyStore.getInstance(trustStore.endsWith(".jks") ? "JKS" : "PKCS12");
            keyStore.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            delegate = context.getSocketFactory();
        } catch (Exception e) {
            throw new DirectoryUnavailableException("cannot load certsync.ldap.trust-store=" + trustStore + ": "
                    + FailureMessages.describe(e) + " (check the path and certsync.ldap.trust-store-password)", e);
        }
    }

    public static SocketFactory getDefault() {
        return new DirectoryTrust();
    }

    private static SSLSocketFactory delegate() {
        return delegate != null ? delegate : (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return delegate().createSocket();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return delegate().createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return delegate().createSocket(address, port, localAddress, localPort);
    }
}
