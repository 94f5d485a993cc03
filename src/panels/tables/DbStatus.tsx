import { useDbSession } from '../../db/db-session';
import { useText } from '../../i18n';
import { DB_TEXT } from '../db-text';

/** What the database is doing while it is not ready (starting, loading, failed, no project). */
export function DbStatus() {
  const tx = useText();
  const { status, message } = useDbSession();
  if (status === 'error') return <div className="db-error" data-testid="db-status">{tx(DB_TEXT.dbError) + (message ?? '')}</div>;
  const text = status === 'starting' ? DB_TEXT.dbStarting : status === 'loading' ? DB_TEXT.dbLoading : DB_TEXT.dbIdle;
  return (
    <div className="db-status" data-testid="db-status" data-status={status}>
      {tx(text)}
    </div>
  );
}
