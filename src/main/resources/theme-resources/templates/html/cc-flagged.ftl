<#import "template.ftl" as layout>
<@layout.emailLayout>
<div style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f1f1f; max-width: 560px;">
  <p id="cc-what-happened"><strong>${msg("ccEmailFlaggedWhat", ccFlaggedOn, ccSiteName)}</strong></p>
  <p id="cc-reason"><#if ccUserMessage??>${ccUserMessage}<#else>${msg(ccReasonKey)}</#if></p>
  <h3 style="font-size: 16px; margin: 20px 0 4px;">${msg("ccEmailWhatToDoTitle")}</h3>
  <p id="cc-what-to-do">${msg("ccEmailFlaggedTodo", ccSiteName)}</p>
  <h3 style="font-size: 16px; margin: 20px 0 4px;">${msg("ccEmailGenuineTitle")}</h3>
  <p id="cc-genuine">${msg("ccEmailFlaggedGenuine", ccSiteName)}</p>
  <#if ccAccountUrl??>
  <p id="cc-link">${msg("ccEmailFlaggedLink")} <a href="${ccAccountUrl}">${ccAccountUrl}</a></p>
  </#if>
  <#if ccSupport??>
  <p id="cc-support" style="color: #555;">${msg("ccEmailSupport", ccSupport)}</p>
  </#if>
</div>
</@layout.emailLayout>
