using Microsoft.Data.Sqlite;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <content>The store's statements on the database's write connection, compiled once each and reused.</content>
public sealed partial class OrchestrationStore
{
    /// <summary>
    /// Statements by SQL text on the database's write connection, used only under its write lock. Opening a pooled
    /// connection per checkpoint ran three pragmas and compiled every statement again, twice per activity.
    /// </summary>
    private sealed class Writer(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> statements = new(StringComparer.Ordinal);
        private SqliteTransaction? transaction;

        public int Execute(string sql, params (string Name, object? Value)[] parameters)
        {
            if (!statements.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, _) in parameters)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = name });
                }

                statements[sql] = command;
            }

            command.Transaction = transaction;
            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return command.ExecuteNonQuery();
        }

        public int InTransaction(Func<Writer, int> write)
        {
            using var open = connection.BeginTransaction(deferred: false);
            transaction = open;
            try
            {
                var result = write(this);
                open.Commit();
                return result;
            }
            finally
            {
                transaction = null;
            }
        }

        public void Dispose()
        {
            foreach (var command in statements.Values)
            {
                command.Dispose();
            }
        }
    }
}
