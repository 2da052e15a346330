/**
 * The Earshot server: {@link dev.earshot.server.EarshotServer} configured by a
 * {@link dev.earshot.server.ServerConfig}. These two are the API; the subpackages
 * ({@code auth}, {@code session}, {@code ops}) are its parts and not meant for other callers.
 */
package dev.earshot.server;
