/** Over a team member's customer that a department leader opened: whose it is, and that only they change it. */
export function TeamNotice({ member }: { member: { name: string } }) {
  return (
    <p className="team-notice" role="note">
      这是团队成员 <strong>{member.name}</strong> 的客户：你可以查看，跟进、标签和资料由 {member.name} 维护。
    </p>
  )
}
