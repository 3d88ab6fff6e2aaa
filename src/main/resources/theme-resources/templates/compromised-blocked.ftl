<#-- The login stops here: block-and-email mode (a reset link was emailed), or no way to prove it is the user. -->
<#import "template.ftl" as layout>
<#import "compromised-common.ftl" as cc>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("ccBlockedTitle")}
    <#elseif section = "form">
        <@cc.explanation>
            <#if ccStage == "PASSWORD_CHANGED_MEANWHILE">
                <p id="cc-blocked">${msg("ccPasswordChangedMeanwhile")}</p>
            <#elseif ccStage == "BLOCKED_EMAIL_SENT" && ccEmailMasked??>
                <p id="cc-blocked">${msg("ccBlockedEmailSent", ccEmailMasked)}</p>
            <#else>
                <p id="cc-blocked">${msg("ccBlockedNoSecondFactor")}</p>
            </#if>
        </@cc.explanation>
        <@cc.support/>
    </#if>
</@layout.registrationLayout>
