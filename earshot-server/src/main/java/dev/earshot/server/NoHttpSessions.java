package dev.earshot.server;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Collections;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps every request from creating an HTTP session. The API has no use for them, but Javalin
 * copies the session's attributes on each WebSocket upgrade with {@code getSession()}, which
 * creates one: a {@code JSESSIONID} cookie and ~700 bytes of heap per upgrade, refused ones
 * included, held until Jetty's session timeout. The request seen past this filter answers
 * {@code getSession()} with an empty session that is stored nowhere.
 */
final class NoHttpSessions implements Filter {

    /** Empty and detached: no attributes, and anything else it is asked fails loudly. */
    private static final HttpSession NONE = (HttpSession) Proxy.newProxyInstance(
            NoHttpSessions.class.getClassLoader(), new Class<?>[] {HttpSession.class}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "getAttributeNames" -> Collections.emptyEnumeration();
                        case "getAttribute" -> null;
                        case "toString" -> "no HTTP session";
                        case "hashCode" -> 0;
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(
                                "Earshot creates no HTTP sessions: " + method.getName());
                    });

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public HttpSession getSession() {
                return NONE;
            }

            @Override
            public HttpSession getSession(boolean create) {
                return create ? NONE : null;
            }
        }, response);
    }
}
