export default function Home() {
  return <main className="page">placeholder</main>;
}
