// The files of one ledger line, under its row: previews, downloads, and a drop zone for more.
import { useQuery } from '@tanstack/react-query';
import { useSession, useViewer } from '../lib/session.tsx';
import { costUploadUrl } from '../lib/upload.ts';
import { refreshAll, trpc } from '../trpc.ts';
import { AttachmentList } from './AttachmentList.tsx';
import { FileDrop } from './FileDrop.tsx';

export function LineAttachments({ incidentId, costId }: { incidentId: string; costId: string }) {
  const { me } = useSession();
  const viewer = useViewer();
  const files = useQuery(trpc.attachment.list.queryOptions({ incidentId, costId }));
  return (
    <div className="space-y-2" data-testid="line-attachments">
      {files.data && <AttachmentList files={files.data} canRemove={(f) => viewer.isFinance || (viewer.canLog && f.uploadedBy === me.userId)} />}
      {viewer.canLog && <FileDrop uploadUrl={costUploadUrl(costId)} onUploaded={() => void refreshAll()} compact />}
    </div>
  );
}
