package com.eduplatform.data.replica.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica connection that moves a read to the primary when the replica turns out to be gone as the read runs:
 * a pooled connection whose server stopped or restarted since it was last used fails only when a statement is
 * executed on it. The statement is then prepared again on a primary connection, its parameters and settings
 * replayed, and executed there, so the caller gets its rows instead of an error. Only reads come here, outside
 * any transaction, so running one again is safe. Any other failure, or one after rows were read, is the caller's.
 */
final class FailoverConnection implements InvocationHandler {

    /** Where a read goes when the replica is gone, and who hears about it. */
    interface Fallback {
        Connection primary(SQLException replicaFailure);

        void releasePrimary(Connection primary);
    }

    private final Fallback fallback;
    private Connection target;
    private boolean onPrimary;

    private FailoverConnection(Connection replica, Fallback fallback) {
        this.target = replica;
        this.fallback = fallback;
    }

    static Connection wrap(Connection replica, Fallback fallback) {
        return (Connection) Proxy.newProxyInstance(FailoverConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new FailoverConnection(replica, fallback));
    }

    static boolean isWrapped(Connection connection) {
        return Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof FailoverConnection;
    }

    /** Whether {@code failure} says the server behind the connection is gone, not that the statement is wrong. */
    static boolean serverGone(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        switch (method.getName()) {
            case "close" -> {
                close();
                return null;
            }
            case "equals" -> {
                return proxy == arguments[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "toString" -> {
                return "FailoverConnection[" + target + "]";
            }
            default -> {
                Object result = call(target, method, arguments);
                String name = method.getName();
                if (result instanceof Statement statement
                        && (name.equals("createStatement") || name.startsWith("prepare"))) {
                    return Proxy.newProxyInstance(FailoverConnection.class.getClassLoader(),
                            new Class<?>[] {method.getReturnType()},
                            new FailoverStatement((Connection) proxy, statement, method, arguments));
                }
                return result;
            }
        }
    }

    private void close() throws SQLException {
        if (onPrimary) {
            fallback.releasePrimary(target);
        } else {
            target.close();
        }
    }

    /** Swaps the dead replica connection for a primary one; {@code false} when already on the primary. */
    private boolean failOver(SQLException failure) {
        if (onPrimary) {
            return false;
        }
        Connection replica = target;
        target = fallback.primary(failure);
        onPrimary = true;
        try {
            replica.close();
        } catch (SQLException ignored) {
            // The pool evicts a connection whose server is gone.
        }
        return true;
    }

    private static Object call(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A statement that records how it was made and set up, so it can be made again on the primary. */
    private final class FailoverStatement implements InvocationHandler {

        private final Connection connectionProxy;
        private final Method creator;
        private final Object[] creatorArguments;
        private final List<Object[]> setUp = new ArrayList<>();
        private Statement statement;
        private boolean executed;

        FailoverStatement(Connection connectionProxy, Statement statement, Method creator, Object[] creatorArguments) {
            this.connectionProxy = connectionProxy;
            this.statement = statement;
            this.creator = creator;
            this.creatorArguments = creatorArguments;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "getConnection" -> {
                    return connectionProxy;
                }
                case "equals" -> {
                    return proxy == arguments[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "FailoverStatement[" + statement + "]";
                }
                default -> {
                }
            }
            if (name.startsWith("execute") && !executed) {
                executed = true;
                try {
                    return call(statement, method, arguments);
                } catch (SQLException failure) {
                    if (!serverGone(failure) || !failOver(failure)) {
                        throw failure;
                    }
                    statement = (Statement) call(target, creator, creatorArguments);
                    for (Object[] step : setUp) {
                        call(statement, (Method) step[0], (Object[]) step[1]);
                    }
                    return call(statement, method, arguments);
                }
            }
            if (name.startsWith("set") || name.startsWith("clear") || name.equals("addBatch")) {
                setUp.add(new Object[] {method, arguments});
            }
            return call(statement, method, arguments);
        }
    }
}
