import { useDbSession } from '../../db/db-session';
import { useT } from '../../i18n';

/** What the database is doing while it is not ready (starting, loading, failed, no project). */
export function DbStatus() {
  const t = useT().db;
  const { status, message } = useDbSession();
  if (status === 'error') return <div className="db-error" data-testid="db-status">{t.dbError(message ?? '')}</div>;
  const text = status === 'starting' ? t.dbStarting : status === 'loading' ? t.dbLoading : t.dbIdle;
  return (
    <div className="db-status" data-testid="db-status" data-status={status}>
      {text}
    </div>
  );
}
