// The first page of a PDF drawn small, with pdf.js. Loaded lazily: pdf.js is large, and only the
// pages that show attachments need it.
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export default function PdfThumbnail({ url, width, label }: { url: string; width: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    // No eval: the app's Content-Security-Policy forbids it, and a receipt's fonts need none to show.
    const loading = pdfjs.getDocument({ url, isEvalSupported: false, withCredentials: true });
    let render: pdfjs.RenderTask | null = null;
    (async () => {
      const doc = await loading.promise;
      const page = await doc.getPage(1);
      if (cancelled || !canvas.current) return;
      const scale = (width / page.getViewport({ scale: 1 }).width) * (window.devicePixelRatio || 1);
      const viewport = page.getViewport({ scale });
      canvas.current.width = Math.ceil(viewport.width);
      canvas.current.height = Math.ceil(viewport.height);
      render = page.render({ canvas: canvas.current, viewport });
      await render.promise;
    })().catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
      render?.cancel();
      void loading.destroy();
    };
  }, [url, width]);

  if (failed) return <span>PDF</span>;
  return <canvas ref={canvas} aria-label={label} data-testid="pdf-thumbnail" style={{ width }} className="h-auto" />;
}
