// The claim's page: where it stands with the broker and the next move, the deadlines, the claims
// third parties made, the timeline.
import { ClaimStatusCard } from '../components/ClaimStatusCard.tsx';
import { DeadlinesPanel } from '../components/DeadlinesPanel.tsx';
import { ThirdPartyClaims } from '../components/ThirdPartyClaims.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { IncidentPage } from './IncidentNav.tsx';

export const ClaimPage = () => <IncidentPage content={Claim} />;

function Claim({ incidentId }: { incidentId: string }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        <ClaimStatusCard incidentId={incidentId} />
        <Timeline incidentId={incidentId} />
      </div>
      <div className="space-y-4">
        <DeadlinesPanel incidentId={incidentId} />
        <ThirdPartyClaims incidentId={incidentId} />
      </div>
    </div>
  );
}
