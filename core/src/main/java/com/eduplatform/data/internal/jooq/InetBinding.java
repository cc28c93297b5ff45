package com.eduplatform.data.internal.jooq;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.regex.Pattern;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.conf.ParamType;
import org.jooq.exception.DataTypeException;
import org.jooq.impl.DSL;

/**
 * PostgreSQL {@code inet} as {@link InetAddress}. Values are bound as text and cast with {@code ::inet}, which
 * PostgreSQL needs (a varchar parameter does not convert implicitly). Only host addresses map: a network such
 * as {@code 10.0.0.0/8} has no {@code InetAddress} and is refused on read. No name is ever resolved.
 */
public final class InetBinding implements Binding<Object, InetAddress> {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    private static final Converter<Object, InetAddress> CONVERTER = Converter.ofNullable(
            Object.class, InetAddress.class, InetBinding::parse, InetAddress::getHostAddress);

    @Override
    public Converter<Object, InetAddress> converter() {
        return CONVERTER;
    }

    @Override
    public void sql(BindingSQLContext<InetAddress> context) throws SQLException {
        if (context.render().paramType() == ParamType.INLINED) {
            context.render().visit(DSL.inline(context.convert(converter()).value())).sql("::inet");
        } else {
            context.render().sql(context.variable()).sql("::inet");
        }
    }

    @Override
    public void register(BindingRegisterContext<InetAddress> context) throws SQLException {
        context.statement().registerOutParameter(context.index(), Types.VARCHAR);
    }

    @Override
    public void set(BindingSetStatementContext<InetAddress> context) throws SQLException {
        Object text = context.convert(converter()).value();
        context.statement().setString(context.index(), text == null ? null : text.toString());
    }

    @Override
    public void get(BindingGetResultSetContext<InetAddress> context) throws SQLException {
        context.convert(converter()).value(context.resultSet().getString(context.index()));
    }

    @Override
    public void get(BindingGetStatementContext<InetAddress> context) throws SQLException {
        context.convert(converter()).value(context.statement().getString(context.index()));
    }

    @Override
    public void set(BindingSetSQLOutputContext<InetAddress> context) throws SQLException {
        throw new SQLFeatureNotSupportedException("inet in user-defined types");
    }

    @Override
    public void get(BindingGetSQLInputContext<InetAddress> context) throws SQLException {
        throw new SQLFeatureNotSupportedException("inet in user-defined types");
    }

    private static InetAddress parse(Object value) {
        String text = value.toString();
        int slash = text.indexOf('/');
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            boolean hostPrefix = text.indexOf(':') >= 0 ? prefix.equals("128") : prefix.equals("32");
            if (!hostPrefix) {
                throw new DataTypeException("inet value " + text + " is a network, not a host address");
            }
            text = text.substring(0, slash);
        }
        if (!IP_LITERAL.matcher(text).matches()) {
            throw new DataTypeException("inet value " + text + " is not an IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new DataTypeException("inet value " + text + " is not an IP address", e);
        }
    }
}
