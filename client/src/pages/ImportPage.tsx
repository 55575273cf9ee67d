// Import cost lines from a CSV or XLSX file (issue 5). Placeholder until the import flow lands.
export default function ImportPage() {
  return null;
}
