<#import "template.ftl" as layout>
<@layout.emailLayout>
<div style="font-family: Georgia, 'Times New Roman', serif; font-size: 16px; line-height: 1.55; color: #1f2937; max-width: 580px;">
  <div id="cc-brand" style="background: #12355b; color: #ffffff; padding: 14px 18px; font-size: 18px; letter-spacing: 0.04em;">
    ${ccSiteName} &middot; ${msg("ccEmailBrandSecurity")}
  </div>
  <div style="padding: 6px 18px; border-left: 4px solid #c2410c; background: #fff7ed; margin: 16px 0;">
    <p id="cc-what-happened"><strong>${msg("ccEmailFlaggedWhat", ccFlaggedOn, ccSiteName)}</strong></p>
    <p id="cc-reason"><#if ccUserMessage??>${ccUserMessage}<#else>${msg(ccReasonKey)}</#if></p>
  </div>
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
