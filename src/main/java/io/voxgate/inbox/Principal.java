package io.voxgate.inbox;

import java.util.List;

/** Who called the inbox API. An agent with departments sees only those departments' tickets. */
public record Principal(String name, Role role, List<String> departments) {
  /** 举报 (whistle-blowing) tickets are for supervisors and admins only. */
  public boolean seesReports() {
    return role.atLeast(Role.SUPERVISOR);
  }

  public boolean limitedToDepartments() {
    return role == Role.AGENT && !departments.isEmpty();
  }
}
