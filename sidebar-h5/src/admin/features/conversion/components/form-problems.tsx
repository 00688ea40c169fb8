/** What keeps a form from being saved, listed under it in the words the checks gave. */
export function FormProblems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null
  return (
    <ul className="form-error form-problems" aria-label="需要修改">
      {problems.map((problem) => (
        <li key={problem}>{problem}</li>
      ))}
    </ul>
  )
}
